// Where chatctl gets a new password: the first line of a file (--password-file), or of standard
// input; from a terminal it asks twice with echo off. Never from the command line, where every
// user of the machine could read it in /proc. Single-threaded, like chatctl.
#pragma once

#include <string>

namespace chatd::chatctl {

// The password, without its line end. Throws UsageError when it cannot be read, is empty, or
// is longer than account::kMaxPasswordBytes (the daemon checks the rest).
std::string read_password(const std::string& file, const std::string& account);

}  // namespace chatd::chatctl
