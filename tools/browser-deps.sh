#!/bin/sh
# Installs what `make check-browser` needs (headless Chromium, its WebDriver and Python's
# selenium), if missing. Not in debian/control's Build-Depends: neither the package nor
# make check needs a browser.
exec "$(dirname "$0")/deps.sh" chromium chromium-driver python3-selenium
