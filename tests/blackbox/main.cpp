// The doctest runner for the black-box suite: each test starts a real build/chatd.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
