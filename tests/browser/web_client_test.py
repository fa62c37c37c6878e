#!/usr/bin/python3
"""The web client in a real browser: headless Chromium driven by selenium (make check-browser).

    tests/browser/web_client_test.py        (CHATD=path/to/chatd, default build/chatd;
                                             CHATCTL=path/to/chatctl, default build/chatctl)

Starts its own chatd on free 127.0.0.1 ports (an IRC listener and a WebSocket listener that
serves this tree's web/), and chromedriver with a throw-away profile; Chromium resolves no
host name, so nothing leaves the loopback. Two browser users (two tabs of one browser) and
one plain IRC client (a TCP socket here) chat in one channel; a third browser user logs in
to an account (made with chatctl) with SASL PLAIN. Every step waits for what it
expects with a bounded timeout; the first step that fails ends the run and the steps after
it count as failed too. The last line is "SUITE: N passed, M failed" (tests/run-suites.sh).

Fields are found by their accessible names (what a screen reader announces): Nickname,
Channel, Account, Password, Connect, Message, Send.

The Debian python3-selenium lives in /usr/lib/python3: hence /usr/bin/python3, not whatever
python3 comes first in PATH.
"""
import grp
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.chromium.remote_connection import ChromiumRemoteConnection
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

TREE = pathlib.Path(__file__).resolve().parents[2]
WAIT_S = 15  # every wait for the page, chatd or the IRC peer is bounded by this (loaded machines)
ACCOUNT, PASSWORD = "student1", "correct horse \u00e9t\u00e9"  # not ASCII: the page encodes UTF-8


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, proc, what):
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with status {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{what} does not listen on 127.0.0.1:{port} after {WAIT_S} s")


def stop(proc, group=False):
    """SIGTERM to the process (or the process group it leads), SIGKILL if it lingers."""
    if proc is None or proc.poll() is not None:
        return
    kill = (lambda sig: os.killpg(proc.pid, sig)) if group else proc.send_signal
    try:
        kill(signal.SIGTERM)
        proc.wait(timeout=WAIT_S)
    except subprocess.TimeoutExpired:
        kill(signal.SIGKILL)
        proc.wait(timeout=WAIT_S)
    except ProcessLookupError:
        pass


class IrcPeer:
    """A plain IRC client over TCP: every received line is kept; PINGs are answered."""

    def __init__(self, port, nick):
        self.nick = nick
        self.lines = []
        self.buffer = b""
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=WAIT_S)
        self.send(f"NICK {nick}", f"USER {nick} 0 * :browser test")
        self.expect(lambda line: f" 001 {nick} " in line, "the welcome (001)")

    def send(self, *lines):
        self.sock.sendall("".join(f"{line}\r\n" for line in lines).encode())

    def expect(self, match, what):
        """The first line received from now on (or kept from an earlier read) that `match`
        accepts; the lines before it are dropped. AssertionError after WAIT_S seconds."""
        deadline = time.monotonic() + WAIT_S
        while True:
            for i, line in enumerate(self.lines):
                if match(line):
                    del self.lines[: i + 1]
                    return line
            self.lines.clear()
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{self.nick} did not receive {what} within {WAIT_S} s")
            self.sock.settimeout(left)
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                continue
            if not data:
                raise AssertionError(f"{self.nick}: chatd closed the connection while waiting for {what}")
            self.buffer += data
            while b"\r\n" in self.buffer:
                raw, self.buffer = self.buffer.split(b"\r\n", 1)
                line = raw.decode("utf-8", "replace")
                if line.startswith("PING "):
                    self.send("PONG " + line[5:])
                else:
                    self.lines.append(line)

    def expect_privmsg(self, sender, target, text):
        return self.expect(
            lambda line: line.startswith(f":{sender}!") and f" PRIVMSG {target} :{text}" in line,
            f"PRIVMSG {target} :{text} from {sender}",
        )


class Browser:
    """One headless Chromium under chromedriver; each user is a tab (a window handle)."""

    def __init__(self, workdir):
        self.driver = None
        port = free_port()
        self.log = workdir / "chromedriver.log"
        # Its own process group: stopping it also stops the Chromium it started.
        self.chromedriver = subprocess.Popen(
            [shutil.which("chromedriver") or "/usr/bin/chromedriver", f"--port={port}", f"--log-path={self.log}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
        wait_for_port(port, self.chromedriver, "chromedriver")
        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        for arg in ["--headless=new", f"--user-data-dir={workdir / 'profile'}", "--disable-dev-shm-usage",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-extensions", "--window-size=1200,800",
                    # No name resolves and no other address is mapped: only 127.0.0.1 is reached.
                    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]:
            options.add_argument(arg)
        if os.geteuid() == 0:
            options.add_argument("--no-sandbox")  # Chromium refuses to run as root otherwise
        # Chromium's own connection knows the DevTools command titles() needs. A wedged
        # browser fails the step after a minute instead of hanging on the socket.
        ChromiumRemoteConnection.set_timeout(60)
        connection = ChromiumRemoteConnection(f"http://127.0.0.1:{port}", vendor_prefix="goog", browser_name="chrome")
        self.driver = webdriver.Remote(command_executor=connection, options=options)
        self.driver.set_page_load_timeout(WAIT_S)
        self.driver.set_script_timeout(WAIT_S)

    def close(self):
        if self.driver is not None:
            try:
                self.driver.quit()
            except Exception as e:  # the group is stopped below either way
                print(f"driver.quit: {e}")
        stop(self.chromedriver, group=True)

    def wait(self, condition, what):
        """`condition`'s first true value within WAIT_S; `what` (or what() at the timeout, to
        show the state then) names it in the failure."""
        try:
            # The page re-renders its lists: an element found a moment ago may be gone.
            return WebDriverWait(self.driver, WAIT_S, poll_frequency=0.05,
                                 ignored_exceptions=[StaleElementReferenceException]).until(lambda d: condition())
        except TimeoutException:
            raise AssertionError(f"{what() if callable(what) else what}: not within {WAIT_S} s") from None

    def by_name(self, name):
        """The one visible form control whose accessible name (the browser's computed label)
        is `name`."""
        def lookup():
            found = [e for e in self.driver.find_elements(By.CSS_SELECTOR, "input, button, textarea, select")
                     if e.is_displayed() and e.accessible_name == name]
            return found[0] if len(found) == 1 else None
        return self.wait(lookup, f"exactly one visible control named {name!r}")

    def titles(self):
        """Every tab's document title, read over the DevTools protocol: no tab is activated."""
        targets = self.driver.execute("executeCdpCommand", {"cmd": "Target.getTargets", "params": {}})["value"]
        return {t["targetId"]: t["title"] for t in targets["targetInfos"] if t["type"] == "page"}


class Tab:
    """One browser user: a tab of the shared browser."""

    def __init__(self, browser, handle, nick):
        self.browser, self.driver, self.handle, self.nick = browser, browser.driver, handle, nick

    def front(self):
        self.driver.switch_to.window(self.handle)  # also makes it the visible tab
        self.browser.wait(lambda: not self.driver.execute_script("return document.hidden"),
                          f"{self.nick}'s tab visible")

    def say(self, text, enter=False):
        """Types `text` into the Message box and clicks Send (or, keyboard only, presses Enter)."""
        box = self.browser.by_name("Message")
        box.send_keys(text)
        if enter:
            box.send_keys(Keys.ENTER)
        else:
            self.browser.by_name("Send").click()
        self.browser.wait(lambda: box.get_property("value") == "", f"{self.nick}'s message box emptied")

    # The lists are read in one script each: the page may replace them between two calls.
    def lines(self):
        return self.driver.execute_script(
            "return [...document.querySelectorAll('#messages li')].map((li) => li.innerText)")

    def wait_line(self, needle):
        try:
            return self.browser.wait(lambda: next((line for line in self.lines() if needle in line), None),
                                     f"{self.nick} shows a line with {needle!r}")
        except AssertionError as e:
            raise AssertionError(f"{e}; {self.current()} shows {self.lines()[-8:]}") from None

    def current(self):
        return self.driver.find_element(By.ID, "buffer-name").text

    def buffers(self):
        """{name: unread count shown} of the conversation list."""
        return dict(self.driver.execute_script(
            "return [...document.querySelectorAll('#buffer-list button')].map((b) => {"
            "  const s = b.querySelectorAll('span');"
            "  return [s[0].innerText, s.length > 1 ? Number(s[1].innerText) : 0]; })"))

    def members(self):
        return sorted(self.driver.execute_script(
            "return [...document.querySelectorAll('#member-list li')].map((li) => li.innerText)"))

    def open_buffer(self, name):
        """Clicks `name` in the conversation list, as a user would."""
        def click():
            self.driver.find_element(By.XPATH, f"//ul[@id='buffer-list']//button[span[1][.='{name}']]").click()
            return True
        self.browser.wait(click, f"{self.nick} clicks {name}")
        self.browser.wait(lambda: self.current() == name, f"{self.nick} shows {name}")


class Scenario:
    def __init__(self, workdir):
        self.workdir = workdir
        self.chatd = None
        self.browser = None
        self.irc_port, self.ws_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.ws_port}/"
        self.alice = self.bob = self.carol = self.frank = None
        self.admin_socket = workdir / "admin.sock"

    def start_chatd(self):
        """chatd on this scenario's ports (again, after stop_chatd: the same config and ports)."""
        config = self.workdir / "chatd.toml"
        config.write_text(
            "# Written by tests/browser/web_client_test.py\n"
            '[server]\nname = "browser.test"\n\n'
            f'[[listen]]\naddress = "127.0.0.1:{self.irc_port}"\nprotocol = "irc"\n\n'
            f'[[listen]]\naddress = "127.0.0.1:{self.ws_port}"\nprotocol = "websocket"\n'
            f'channel = "#lab"\nweb_root = "{TREE / "web"}"\n\n'
            # Accounts, made with chatctl over the admin socket; kept in the database across
            # the restart of the last step.
            f'[admin]\nsocket = "{self.admin_socket}"\ngroup = "{grp.getgrgid(os.getgid()).gr_name}"\n\n'
            f'[storage]\npath = "{self.workdir / "chatd.db"}"\n\n'
            '[accounts]\nenabled = true\n')
        chatd = os.path.abspath(os.environ.get("CHATD", TREE / "build" / "chatd"))  # run from workdir
        self.chatd_log = self.workdir / "chatd.log"
        with open(self.chatd_log, "ab") as log:
            self.chatd = subprocess.Popen([chatd, "--config", str(config)], stdout=log, stderr=subprocess.STDOUT,
                                          cwd=self.workdir, env={**os.environ, "STATE_DIRECTORY": str(self.workdir)})
        wait_for_port(self.irc_port, self.chatd, "chatd")
        wait_for_port(self.ws_port, self.chatd, "chatd")

    def stop_chatd(self):
        stop(self.chatd)
        if self.chatd.returncode != 0:
            raise AssertionError(f"chatd exited with status {self.chatd.returncode} on SIGTERM")

    def add_account(self, name, password):
        """chatctl account add `name`, the password on its standard input."""
        chatctl = os.path.abspath(os.environ.get("CHATCTL", TREE / "build" / "chatctl"))
        done = subprocess.run([chatctl, "--socket", str(self.admin_socket), "account", "add", name],
                              input=password + "\n", capture_output=True, text=True, timeout=WAIT_S)
        assert done.returncode == 0, f"chatctl account add {name}: status {done.returncode}: {done.stdout}{done.stderr}"

    def stop(self):
        if self.carol:
            self.carol.sock.close()
        if self.browser:
            self.browser.close()
        stop(self.chatd)

    def connect(self, nick, channel):
        """A new tab (the others go to the background) that logs in as `nick`."""
        driver = self.browser.driver
        if driver.current_url.startswith("http"):
            driver.switch_to.new_window("tab")
        driver.get(self.url)
        tab = Tab(self.browser, driver.current_window_handle, nick)
        tab.front()
        self.browser.by_name("Nickname").send_keys(nick)
        channel_box = self.browser.by_name("Channel")
        channel_box.clear()
        channel_box.send_keys(channel)
        self.browser.by_name("Connect").click()
        tab.wait_line(f"{nick} joined")
        self.browser.wait(lambda: tab.current() == channel, f"{nick} shows {channel}")
        return tab

    # --- the steps, in order ---------------------------------------------------------------
    def step_page_served(self):
        self.start_chatd()
        self.browser = Browser(self.workdir)
        self.browser.driver.get(self.url)
        self.browser.wait(lambda: self.browser.driver.title == "chatd", "the page's title is chatd")
        # The listener's channel, from /client.json, replaces the form's own #lobby.
        channel = self.browser.by_name("Channel")
        self.browser.wait(lambda: channel.get_attribute("value") == "#lab",
                          lambda: f"the Channel field suggests the server's #lab (it shows {channel.get_attribute('value')!r})")

    def step_two_browser_users_and_irc_user_join(self):
        self.alice = self.connect("alice", "#lab")
        self.bob = self.connect("bob", "#lab")
        self.carol = IrcPeer(self.irc_port, "carol")
        self.carol.send("JOIN #lab")
        self.carol.expect(lambda line: " 366 carol #lab " in line, "the end of #lab's names (366)")
        self.bob.wait_line("carol joined")
        self.browser.wait(lambda: self.bob.members() == ["@alice", "bob", "carol"],
                          lambda: f"bob's member list is @alice, bob, carol (it is {self.bob.members()})")

    def step_background_tab_counts_unread_in_title(self):
        # alice's tab is in the background since bob's was opened.
        alice_target = self.alice.handle
        assert alice_target in self.browser.titles(), "alice's tab is among the page targets"
        self.bob.say("hello from bob")
        self.carol.expect_privmsg("bob", "#lab", "hello from bob")
        self.carol.send("PRIVMSG #lab :hello from carol")
        self.bob.wait_line("hello from carol")
        title = lambda: self.browser.titles()[alice_target]
        self.browser.wait(lambda: title() == "(2) chatd",
                          lambda: f"alice's background tab titled '(2) chatd' (it is {title()!r})")
        # A line naming alice is a mention too: the title says so apart.
        self.carol.send("PRIVMSG #lab :alice, are you there?")
        self.bob.wait_line("alice, are you there?")
        self.browser.wait(lambda: title() == "(3) [1!] chatd",
                          lambda: f"alice's background tab titled '(3) [1!] chatd' (it is {title()!r})")
        assert self.browser.titles()[self.bob.handle] == "chatd", "bob's tab, in front, counts nothing"

    def step_foreground_tab_shows_messages_and_clears_title(self):
        self.alice.front()
        self.alice.wait_line("<bob> hello from bob")
        self.alice.wait_line("<carol> hello from carol")
        self.browser.wait(lambda: self.browser.driver.title == "chatd", "alice's title back to chatd once in front")
        marked = self.browser.driver.execute_script(
            "return [...document.querySelectorAll('#messages li.mention')].map((li) => li.innerText)")
        assert len(marked) == 1 and "alice, are you there?" in marked[0], f"the mention is marked: {marked}"
        self.alice.say("hello from alice", enter=True)
        self.carol.expect_privmsg("alice", "#lab", "hello from alice")
        self.alice.wait_line("<alice> hello from alice")
        self.bob.front()
        self.bob.wait_line("<alice> hello from alice")
        self.bob.wait_line("<bob> hello from bob")

    def step_private_message_in_its_own_tab(self):
        self.alice.front()
        self.carol.send("PRIVMSG alice :just for you")
        self.browser.wait(lambda: self.alice.buffers().get("carol") == 1,
                          lambda: f"alice's list shows carol with 1 unread (it is {self.alice.buffers()})")
        assert self.alice.current() == "#lab", "a private message does not take alice away from #lab"
        assert not any("just for you" in line for line in self.alice.lines()), "#lab does not show the private message"
        self.alice.open_buffer("carol")
        self.alice.wait_line("<carol> just for you")
        self.alice.say("just for you too")
        self.carol.expect_privmsg("alice", "carol", "just for you too")
        self.bob.front()
        assert "carol" not in self.bob.buffers(), "bob has no conversation with carol"

    def step_html_is_shown_as_text(self):
        markup = '<b id="bold">bold</b><img src="x" onerror="document.title=\'pwned\'">'
        self.bob.front()
        self.carol.send(f"PRIVMSG #lab :{markup}")
        self.bob.wait_line(f"<carol> {markup}")
        self.bob.say(f"{markup} from bob")
        self.carol.expect_privmsg("bob", "#lab", f"{markup} from bob")
        self.bob.wait_line(f"<bob> {markup} from bob")
        driver = self.browser.driver
        assert not driver.find_elements(By.CSS_SELECTOR, "#messages b, #messages img"), "no element made from the text"
        assert driver.title != "pwned", "no script ran"
        # Links are clickable, http(s) only.
        self.carol.send("PRIVMSG #lab :see http://127.0.0.1:9/doc and javascript:alert(1)")
        self.bob.wait_line("see http://127.0.0.1:9/doc")
        hrefs = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "#messages a")]
        assert hrefs == ["http://127.0.0.1:9/doc"], f"one http link, no javascript: link (links: {hrefs})"

    def step_me_action(self):
        self.bob.front()
        self.bob.say("/me waves")
        self.carol.expect_privmsg("bob", "#lab", "\x01ACTION waves\x01")
        self.bob.wait_line("* bob waves")
        self.carol.send("PRIVMSG #lab :\x01ACTION nods\x01")
        self.bob.wait_line("* carol nods")
        self.alice.front()
        self.alice.open_buffer("#lab")
        self.alice.wait_line("* bob waves")
        self.alice.wait_line("* carol nods")

    def step_join_second_channel(self):
        self.alice.front()
        self.carol.send("JOIN #second", "PRIVMSG #second :said before alice came")
        self.carol.expect(lambda line: " 366 carol #second " in line, "the end of #second's names (366)")
        self.alice.say("/join #second")
        self.carol.expect(lambda line: line.startswith(":alice!") and line.endswith("JOIN #second"), "alice's JOIN")
        self.browser.wait(lambda: self.alice.current() == "#second", "alice shows #second")
        self.alice.wait_line("alice joined")
        self.alice.wait_line("<carol> said before alice came")  # the channel's recent history
        assert set(self.alice.buffers()) >= {"#lab", "#second", "carol"}, f"alice's list: {self.alice.buffers()}"
        self.alice.say("in the second room")
        self.carol.expect_privmsg("alice", "#second", "in the second room")
        self.carol.send("PRIVMSG #second :welcome")
        self.alice.wait_line("<carol> welcome")
        # bob, in #lab only, sees a later line to #lab but never the one to #second.
        self.carol.send("PRIVMSG #lab :after the welcome")
        self.bob.front()
        self.bob.wait_line("<carol> after the welcome")
        assert not any("welcome" in line and "after" not in line for line in self.bob.lines()), "bob is not in #second"
        assert "#second" not in self.bob.buffers(), f"bob's list: {self.bob.buffers()}"

    def step_phone_sized_window(self):
        driver = self.browser.driver
        self.bob.front()
        driver.set_window_size(390, 844)
        try:
            for name in ("Message", "Send"):
                box = self.browser.by_name(name)
                inside = driver.execute_script(
                    "const r = arguments[0].getBoundingClientRect();"
                    "return r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight",
                    box)
                assert inside, f"{name} is inside the phone's screen"
            wide = driver.execute_script("return document.documentElement.scrollWidth - innerWidth")
            assert wide <= 0, f"no sideways scrolling ({wide} px too wide)"
            self.bob.say("from my phone")
            self.carol.expect_privmsg("bob", "#lab", "from my phone")
            self.bob.wait_line("<bob> from my phone")
        finally:
            driver.set_window_size(1200, 800)

    def step_wrong_password_shows_the_failure(self):
        self.add_account(ACCOUNT, PASSWORD)
        driver = self.browser.driver
        driver.switch_to.new_window("tab")
        driver.get(self.url)
        self.frank = Tab(self.browser, driver.current_window_handle, "frank")
        self.frank.front()
        # The server said it has accounts (/client.json, read with the #lab suggestion).
        self.browser.wait(lambda: self.browser.by_name("Channel").get_attribute("value") == "#lab",
                          "the Channel field suggests #lab")
        assert self.browser.by_name("Password").get_attribute("type") == "password", "the password is not shown"
        self.browser.by_name("Nickname").send_keys("frank")
        self.browser.by_name("Account").send_keys(ACCOUNT)
        self.browser.by_name("Password").send_keys("not the password")
        self.browser.by_name("Connect").click()
        error = lambda: driver.find_element(By.ID, "login-error").text
        self.browser.wait(lambda: f"Not logged in as {ACCOUNT}: wrong account name or password" in error(),
                          lambda: f"frank's page says the login failed (it says {error()!r})")
        assert driver.find_element(By.ID, "login").is_displayed(), "the form is back, to try again"
        assert not driver.find_element(By.ID, "chat").is_displayed(), "no chat as a guest"
        assert self.browser.by_name("Password").get_property("value") == "", "the password field is emptied"
        assert "not the password" not in driver.execute_script("return JSON.stringify(localStorage)"), "nothing kept"

    def step_sasl_pieces_and_failure_texts(self):
        # chatd's limits keep a PLAIN message under 400 bytes of base64: the page's pieces
        # (IRCv3 sasl-3.1) are checked here, on its own function.
        pieces = lambda n: self.browser.driver.execute_script(
            "return saslPlainLines('a', 'x'.repeat(arguments[0]))", n)
        short = pieces(10)
        assert short == ["AUTHENTICATE AGEAeHh4eHh4eHh4eA=="], f"one piece: {short}"
        exact = pieces(297)  # 300 bytes: 400 of base64
        assert [len(p) for p in exact] == [13 + 400, 14] and exact[1] == "AUTHENTICATE +", f"400, then +: {exact}"
        longer = pieces(298)
        assert [len(p) for p in longer] == [13 + 400, 13 + 4], f"400, then the rest: {longer}"
        # The refusal of a password on plaintext from another machine tells what to do.
        tls = self.browser.driver.execute_script(
            "return saslFailure(parseLine(':browser.test 904 frank :SASL authentication failed: "
            "PLAIN needs a TLS connection here'))")
        assert "encrypted connection" in tls and "https://" in tls, f"the TLS refusal explained: {tls}"

    def step_account_login_from_the_page(self):
        # The same tab tries again: the account is still filled in, the password is not.
        driver = self.browser.driver
        self.frank.front()
        self.browser.by_name("Password").send_keys(PASSWORD)
        self.browser.by_name("Connect").click()
        self.frank.wait_line("frank joined")  # "frank": the failed attempt never took the nick
        status = lambda: driver.find_element(By.ID, "account-status").text
        self.browser.wait(lambda: status() == f"logged in as {ACCOUNT}",
                          lambda: f"frank's page shows the account (it shows {status()!r})")
        assert driver.find_element(By.ID, "login-error").text == "", "the failure's text is gone"
        # An IRC client sees the account in WHOIS (330 RPL_WHOISACCOUNT).
        self.carol.send("WHOIS frank")
        self.carol.expect(lambda line: f" 330 carol frank {ACCOUNT} " in line, f"WHOIS frank: logged in as {ACCOUNT}")
        self.carol.send("WHOIS alice")
        line = self.carol.expect(lambda line: " 318 carol alice " in line or " 330 carol alice " in line,
                                 "WHOIS alice to its end")
        assert " 330 " not in line, "alice, a guest, has no account"

    def step_no_errors_in_the_pages_consoles(self):
        errors = []
        for tab in (self.alice, self.bob, self.frank):
            tab.front()
            errors += [f"{tab.nick}: {entry['message']}" for entry in self.browser.driver.get_log("browser")
                       if entry["level"] == "SEVERE"]
        assert not errors, f"the pages logged errors: {errors}"

    def step_reconnects_and_rejoins_after_a_restart(self):
        # Last: reconnecting makes the browser log failed connections, and resets the users.
        # carol is still in #lab when chatd stops: no QUIT tells the pages she left.
        self.stop_chatd()
        self.carol.sock.close()
        self.bob.front()
        self.browser.wait(lambda: "reconnecting" in self.browser.driver.find_element(By.ID, "status").text,
                          "bob's page says it is reconnecting")
        self.start_chatd()
        # carol does not come back; dave, new, watches alice and bob come back.
        self.carol = dave = IrcPeer(self.irc_port, "dave")
        dave.send("JOIN #lab,#second")
        # Whoever was back before dave is in his names replies (353), whoever came later JOINs.
        members = set()
        while not members >= {"alice #lab", "alice #second", "bob #lab"}:
            line = dave.expect(lambda line: " 353 dave " in line or " JOIN #" in line,
                               f"alice and bob back in their channels (so far {sorted(members)})")
            words = line.split(" ")
            if words[1] == "353":
                members |= {f"{name.lstrip('@+')} {words[4]}" for name in line.split(" :", 1)[1].split()}
            else:
                members.add(f"{words[0][1:words[0].index('!')]} {words[2]}")
        self.browser.wait(lambda: self.browser.driver.find_element(By.ID, "status").text == "",
                          "bob's page no longer says it is reconnecting")
        self.bob.say("back again")
        dave.expect_privmsg("bob", "#lab", "back again")
        # The member list is the new server's: carol, gone with the old one, is not in it.
        names = lambda: [name.lstrip("@+") for name in self.bob.members()]
        self.browser.wait(lambda: sorted(names()) == ["alice", "bob", "dave", "frank"],
                          lambda: f"bob's #lab members are alice, bob, dave and frank (they are {names()})")
        # frank's page logged in again, with the password it kept in memory.
        self.frank.front()
        status = lambda: self.browser.driver.find_element(By.ID, "account-status").text
        self.browser.wait(lambda: status() == f"logged in as {ACCOUNT}",
                          lambda: f"frank's page logged in again (it shows {status()!r})")
        dave.send("WHOIS frank")
        dave.expect(lambda line: f" 330 dave frank {ACCOUNT} " in line, f"WHOIS frank after the restart: {ACCOUNT}")


def main():
    # run-suites.sh's timeout sends SIGTERM: leave through the finally below, which stops
    # chatd, chromedriver and the browser.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped by SIGTERM"))
    workdir = pathlib.Path(tempfile.mkdtemp(prefix="chatd-browser-"))
    scenario = Scenario(workdir)
    order = [name for name in Scenario.__dict__ if name.startswith("step_")]
    passed = failed = 0
    try:
        for i, name in enumerate(order):
            label = name[len("step_"):].replace("_", " ")
            started = time.monotonic()
            try:
                getattr(scenario, name)()
                passed += 1
                print(f"ok    {label} ({time.monotonic() - started:.1f} s)", flush=True)
            except Exception as e:
                failed += len(order) - i
                print(f"FAIL  {label}: {e}", flush=True)
                traceback.print_exc()
                if scenario.browser and scenario.browser.driver:
                    try:
                        print("page log:", scenario.browser.driver.get_log("browser"))
                    except Exception:
                        pass
                print(f"not run after it: {', '.join(order[i + 1:]) or 'none'}")
                break
    finally:
        scenario.stop()
        if failed:
            for log in [workdir / "chatd.log", workdir / "chromedriver.log"]:
                if log.exists():
                    print(f"--- last lines of {log.name}")
                    print("\n".join(log.read_text(errors="replace").splitlines()[-30:]))
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"SUITE: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
