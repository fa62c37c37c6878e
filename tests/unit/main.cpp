// The doctest runner for the unit suite: every tests/unit/**/*_test.cpp links into one binary.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
