// chatd's web client: IRC over WebSocket (IRCv3 text.ircv3.net) to the server that served
// this page. Plain JavaScript, no build step, nothing from the internet. Every text from the
// network goes into the page as text nodes (never parsed as markup); links become <a>
// elements whose href is checked to be http(s). An account login is SASL PLAIN (IRCv3
// sasl-3.1) during registration; the password stays in this page's memory, for logging in
// again after a reconnection, and is never stored.
"use strict";

const $ = (id) => document.getElementById(id);
const state = {
  ws: null, nick: "", wanted: "", channels: new Set(), buffers: new Map(), current: null,
  backoff: 1000, quitting: false, caps: new Set(), chathistory: false, prefixes: "@+",
  network: "chatd", offered: [], login: null, account: "",
};

// --- IRC lines ----------------------------------------------------------------------------
function parseLine(line) {
  const msg = { tags: {}, prefix: "", command: "", params: [] };
  let rest = line;
  if (rest.startsWith("@")) {
    const sp = rest.indexOf(" ");
    for (const tag of rest.slice(1, sp).split(";")) {
      const eq = tag.indexOf("=");
      msg.tags[eq < 0 ? tag : tag.slice(0, eq)] = eq < 0 ? "" : tag.slice(eq + 1);
    }
    rest = rest.slice(sp + 1);
  }
  if (rest.startsWith(":")) {
    const sp = rest.indexOf(" ");
    msg.prefix = rest.slice(1, sp);
    rest = rest.slice(sp + 1);
  }
  while (rest.length) {
    if (rest.startsWith(":")) { msg.params.push(rest.slice(1)); break; }
    const sp = rest.indexOf(" ");
    if (sp < 0) { msg.params.push(rest); break; }
    if (sp > 0) msg.params.push(rest.slice(0, sp));
    rest = rest.slice(sp + 1);
  }
  msg.command = msg.params.shift() || "";
  msg.nick = msg.prefix.split("!")[0];
  return msg;
}

function send(line) {
  if (state.ws && state.ws.readyState === WebSocket.OPEN) state.ws.send(line.replace(/[\r\n]/g, " "));
}

const isChannel = (name) => /^[#&]/.test(name);
const fold = (s) => s.toLowerCase().replace(/\[/g, "{").replace(/\]/g, "}").replace(/\\/g, "|").replace(/~/g, "^");

// --- buffers (channels and private conversations) -----------------------------------------
function buffer(name) {
  const key = fold(name);
  let b = state.buffers.get(key);
  if (!b) {
    b = { name, lines: [], members: new Map(), topic: "", unread: 0, mentions: 0 };
    state.buffers.set(key, b);
    renderBuffers();
  }
  return b;
}

function nickColour(nick) {
  let h = 0;
  for (const c of fold(nick)) h = (h * 31 + c.charCodeAt(0)) % 360;
  return `hsl(${h}, 60%, 38%)`;
}

// Text with clickable links, built from text nodes only.
function linkify(parent, text) {
  const re = /\bhttps?:\/\/[^\s<>"]+/g;
  let at = 0;
  for (const m of text.matchAll(re)) {
    parent.append(document.createTextNode(text.slice(at, m.index)));
    const a = document.createElement("a");
    a.href = m[0];
    a.textContent = m[0];
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    parent.append(a);
    at = m.index + m[0].length;
  }
  parent.append(document.createTextNode(text.slice(at)));
}

function addLine(name, { time, nick, text, info, action }) {
  const b = buffer(name);
  const mention = !info && nick !== state.nick &&
    (!isChannel(name) || new RegExp(`\\b${state.nick.replace(/[^\w]/g, "\\$&")}\\b`, "i").test(text));
  b.lines.push({ time: time || new Date(), nick, text, info, action, mention });
  if (b.lines.length > 1000) b.lines.shift();
  const visible = state.current === b && !document.hidden;
  if (!visible && !info && nick !== state.nick) {
    b.unread++;
    if (mention) { b.mentions++; notify(name, nick, text); }
    renderBuffers();
    updateTitle();
  }
  if (state.current === b) appendMessage(b.lines[b.lines.length - 1]);
}

function appendMessage(line) {
  const list = $("messages");
  const stick = list.scrollTop + list.clientHeight >= list.scrollHeight - 20;
  const li = document.createElement("li");
  const time = document.createElement("time");
  time.dateTime = line.time.toISOString();
  time.textContent = line.time.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  // Real spaces between the parts, not only margins: copied text and screen readers get
  // "12:00 <bob> hi", not "12:00<bob>hi".
  li.append(time, " ");
  if (line.info) {
    li.className = "info";
    li.append(line.text);
  } else {
    const nick = document.createElement("span");
    nick.className = "nick";
    nick.style.color = nickColour(line.nick);
    nick.textContent = line.action ? `* ${line.nick}` : `<${line.nick}>`;
    li.append(nick, " ");
    linkify(li, line.text);
    if (line.mention) li.classList.add("mention");
  }
  list.append(li);
  if (stick) list.scrollTop = list.scrollHeight;
}

function show(name) {
  const b = buffer(name);
  state.current = b;
  b.unread = 0;
  b.mentions = 0;
  $("buffer-name").textContent = b.name;
  $("topic").textContent = b.topic;
  $("messages").replaceChildren();
  for (const line of b.lines) appendMessage(line);
  renderBuffers();
  renderMembers();
  updateTitle();
}

function renderBuffers() {
  const list = $("buffer-list");
  list.replaceChildren();
  for (const b of state.buffers.values()) {
    const li = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.setAttribute("aria-current", String(state.current === b));
    const label = document.createElement("span");
    label.textContent = b.name;
    button.append(label);
    if (b.unread) {
      const count = document.createElement("span");
      count.className = b.mentions ? "unread mention" : "unread";
      count.textContent = String(b.unread);
      count.setAttribute("aria-label", `${b.unread} unread`);
      button.append(count);
    }
    button.addEventListener("click", () => { show(b.name); $("message").focus(); });
    li.append(button);
    list.append(li);
  }
}

function renderMembers() {
  const list = $("member-list");
  list.replaceChildren();
  const b = state.current;
  if (!b) return;
  const rank = (p) => (p ? state.prefixes.indexOf(p[0]) : state.prefixes.length);
  const sorted = [...b.members.entries()].sort((x, y) => rank(x[1]) - rank(y[1]) || x[0].localeCompare(y[0]));
  for (const [nick, prefix] of sorted) {
    const li = document.createElement("li");
    li.textContent = prefix + nick;
    li.style.color = nickColour(nick);
    list.append(li);
  }
}

function updateTitle() {
  const unread = [...state.buffers.values()].reduce((n, b) => n + b.unread, 0);
  const mentions = [...state.buffers.values()].reduce((n, b) => n + b.mentions, 0);
  const parts = [];
  if (unread) parts.push(`(${unread})`);
  if (mentions) parts.push(`[${mentions}!]`);
  document.title = [...parts, state.network].join(" ");
}

function notify(name, nick, text) {
  if (!document.hidden && state.current && fold(state.current.name) === fold(name)) return;
  if (!("Notification" in window) || Notification.permission !== "granted") return;
  const n = new Notification(isChannel(name) ? `${nick} in ${name}` : nick, { body: text, tag: name });
  n.onclick = () => { window.focus(); show(name); };
}

// --- account login (SASL PLAIN: sasl.js builds and explains the messages) -------------------
function renderAccount() {
  $("account-status").textContent = state.account ? `logged in as ${state.account}` : "";
}

// A login that was asked for and failed ends this connection, before it registers: a user
// who typed a password must not be left chatting as a guest believing they are logged in.
// The form comes back with the reason, to try again or to empty the fields and be a guest.
function loginFailed(reason) {
  const account = state.login ? state.login.account : "";
  state.login = null;
  state.quitting = true;
  send("QUIT :login failed");
  if (state.ws) state.ws.close();
  state.ws = null;  // what it still delivers is ignored
  $("chat").hidden = true;
  $("login").hidden = false;
  $("login-error").textContent =
    `Not logged in as ${account}: ${reason}. Try again, or empty Account and Password to connect as a guest.`;
  $("password").focus();
}

// --- the protocol ---------------------------------------------------------------------------
function handle(msg) {
  const [p0, p1, p2] = msg.params;
  const time = msg.tags.time ? new Date(msg.tags.time) : new Date();
  switch (msg.command) {
    case "PING": send(`PONG :${p0 || ""}`); break;
    case "CAP":
      if (p1 === "LS") {
        // CAP LS 302 may take several lines: each but the last has "*" before its list.
        state.offered.push(...(msg.params[msg.params.length - 1] || "").split(" ").filter(Boolean));
        if (p2 === "*" && msg.params.length > 3) break;
        const offered = new Map(state.offered.map((c) => [c.split("=")[0], c.includes("=") ? c.slice(c.indexOf("=") + 1) : ""]));
        state.offered = [];
        const want = ["server-time", "multi-prefix", "draft/chathistory", "batch", "message-tags"].filter((c) => offered.has(c));
        if (state.login) {
          const mechanisms = offered.get("sasl");
          if (mechanisms === undefined) { loginFailed("this server has no accounts"); break; }
          if (mechanisms && !mechanisms.split(",").includes("PLAIN")) { loginFailed("this server takes no passwords"); break; }
          want.push("sasl");
        }
        if (want.length) send(`CAP REQ :${want.join(" ")}`); else send("CAP END");
      } else if (p1 === "ACK" || p1 === "NAK") {
        if (p1 === "ACK") for (const c of (p2 || "").split(" ")) state.caps.add(c);
        if (!state.login || state.nick) send("CAP END");
        else if (state.caps.has("sasl")) send("AUTHENTICATE PLAIN");
        else loginFailed("the server refused to start a login");
      }
      break;
    case "AUTHENTICATE":
      if (p0 === "+" && state.login) for (const line of saslPlainLines(state.login.account, state.login.password)) send(line);
      break;
    case "900": state.account = p2 || ""; renderAccount(); break;  // RPL_LOGGEDIN
    case "901": state.account = ""; renderAccount(); break;        // RPL_LOGGEDOUT
    case "903": if (!state.nick) send("CAP END"); break;             // RPL_SASLSUCCESS
    case "902": case "904": case "905": case "906":
      if (state.login && !state.nick) loginFailed(saslFailure(msg));
      break;
    case "907": case "908": break;  // already logged in; the mechanisms (a 904 follows)
    case "001":
      state.nick = p0;
      state.backoff = 1000;
      $("status").textContent = "";
      for (const c of state.channels) send(`JOIN ${c}`);
      break;
    case "005":
      for (const token of msg.params.slice(1, -1)) {
        if (token.startsWith("PREFIX=")) state.prefixes = token.split(")")[1] || state.prefixes;
        if (token.startsWith("CHATHISTORY")) state.chathistory = true;
      }
      break;
    case "433":
      if (!state.nick) { state.wanted += "_"; send(`NICK ${state.wanted}`); }
      else addLine(state.current ? state.current.name : "server", { info: true, text: `Nickname ${p1} is in use` });
      break;
    case "JOIN": {
      const b = buffer(p0);
      // Our own JOIN (a rejoin after a reconnection too): the names that follow are the list.
      if (msg.nick === state.nick) b.members.clear();
      b.members.set(msg.nick, "");
      if (msg.nick === state.nick) {
        state.channels.add(p0);
        show(p0);
        if (state.chathistory && state.caps.has("draft/chathistory")) send(`CHATHISTORY LATEST ${p0} * 50`);
      }
      addLine(p0, { time, info: true, text: `${msg.nick} joined` });
      if (state.current === b) renderMembers();
      break;
    }
    case "PART": case "KICK": {
      const who = msg.command === "KICK" ? p1 : msg.nick;
      const b = buffer(p0);
      b.members.delete(who);
      addLine(p0, { time, info: true, text: msg.command === "KICK" ? `${who} was kicked by ${msg.nick}` : `${who} left` });
      if (who === state.nick) state.channels.delete(p0);
      if (state.current === b) renderMembers();
      break;
    }
    case "QUIT":
      for (const b of state.buffers.values()) {
        if (b.members.delete(msg.nick)) addLine(b.name, { time, info: true, text: `${msg.nick} quit (${p0 || ""})` });
      }
      renderMembers();
      break;
    case "NICK":
      if (msg.nick === state.nick) state.nick = p0;
      for (const b of state.buffers.values()) {
        if (b.members.has(msg.nick)) {
          b.members.set(p0, b.members.get(msg.nick));
          b.members.delete(msg.nick);
          addLine(b.name, { time, info: true, text: `${msg.nick} is now ${p0}` });
        }
      }
      renderMembers();
      break;
    case "353": {
      const b = buffer(p2);
      for (const entry of (msg.params[3] || "").split(" ").filter(Boolean)) {
        let i = 0;
        while (i < entry.length && state.prefixes.includes(entry[i])) i++;
        b.members.set(entry.slice(i), entry.slice(0, i));
      }
      if (state.current === b) renderMembers();
      break;
    }
    case "332": buffer(p1).topic = p2 || ""; if (state.current === buffer(p1)) $("topic").textContent = p2 || ""; break;
    case "TOPIC":
      buffer(p0).topic = p1 || "";
      addLine(p0, { time, info: true, text: `${msg.nick} set the topic: ${p1 || ""}` });
      if (state.current === buffer(p0)) $("topic").textContent = p1 || "";
      break;
    case "MODE":
      if (isChannel(p0)) { addLine(p0, { time, info: true, text: `${msg.nick} sets mode ${msg.params.slice(1).join(" ")}` }); send(`NAMES ${p0}`); buffer(p0).members.clear(); }
      break;
    case "PRIVMSG": case "NOTICE": {
      if (!msg.nick.includes(".") || msg.prefix.includes("!")) {
        const target = isChannel(p0) ? p0 : (msg.nick === state.nick ? p0 : msg.nick);
        const action = p1 && p1.startsWith("\x01ACTION ");
        const text = action ? p1.slice(8).replace(/\x01$/, "") : p1 || "";
        if (p1 && p1.startsWith("\x01") && !action) break;  // other CTCPs
        addLine(target, { time, nick: msg.nick, text: msg.command === "NOTICE" ? `-${text}-` : text, action });
      } else {
        addLine(state.current ? state.current.name : "server", { time, info: true, text: p1 || "" });
      }
      break;
    }
    case "ERROR": $("status").textContent = p0 || ""; break;
    default:
      if (/^[45]\d\d$/.test(msg.command)) {
        addLine(state.current ? state.current.name : "server", { time, info: true, text: msg.params.slice(1).join(" ") });
      }
  }
}

// --- commands typed in the message box ------------------------------------------------------
function command(text) {
  const target = state.current ? state.current.name : "";
  if (!text.startsWith("/") || text.startsWith("//")) {
    if (!target) return;
    const body = text.startsWith("//") ? text.slice(1) : text;
    send(`PRIVMSG ${target} :${body}`);
    if (!state.caps.has("echo-message")) addLine(target, { nick: state.nick, text: body });
    return;
  }
  const [verb, ...args] = text.slice(1).split(" ");
  const rest = args.join(" ");
  switch (verb.toLowerCase()) {
    case "join": send(`JOIN ${args[0] || ""}`); break;
    case "part": send(`PART ${args[0] && isChannel(args[0]) ? rest : `${target} :${rest}`}`); break;
    case "nick": send(`NICK ${args[0] || ""}`); break;
    case "me": send(`PRIVMSG ${target} :\x01ACTION ${rest}\x01`); addLine(target, { nick: state.nick, text: rest, action: true }); break;
    case "msg": case "query": {
      const body = args.slice(1).join(" ");
      if (body) { send(`PRIVMSG ${args[0]} :${body}`); addLine(args[0], { nick: state.nick, text: body }); }
      show(args[0]);
      break;
    }
    case "topic": send(rest ? `TOPIC ${target} :${rest}` : `TOPIC ${target}`); break;
    case "away": send(rest ? `AWAY :${rest}` : "AWAY"); break;
    case "quit": state.quitting = true; send(`QUIT :${rest || "Leaving"}`); break;
    default: send(text.slice(1));
  }
}

// --- connection and reconnection ------------------------------------------------------------
function connect() {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const ws = new WebSocket(`${scheme}//${location.host}/`, ["text.ircv3.net"]);
  state.ws = ws;
  state.nick = "";
  state.caps.clear();
  state.offered = [];
  state.account = "";
  renderAccount();
  $("status").textContent = "connecting…";
  ws.onopen = () => {
    send("CAP LS 302");
    send(`NICK ${state.wanted}`);
    send(`USER ${state.wanted.replace(/[^\w]/g, "") || "web"} 0 * :chatd web client`);
  };
  // A connection given up (a failed login) may still deliver lines and its close: only the
  // current one's count.
  ws.onmessage = (event) => {
    for (const line of String(event.data).split(/\r?\n/)) if (line && state.ws === ws) handle(parseLine(line));
  };
  ws.onclose = () => {
    if (state.ws !== ws) return;
    state.account = "";
    renderAccount();
    // Whoever was in the channels may be gone by the time we are back.
    for (const b of state.buffers.values()) b.members.clear();
    renderMembers();
    if (state.quitting) { $("status").textContent = "disconnected"; return; }
    $("status").textContent = `reconnecting in ${Math.round(state.backoff / 1000)} s…`;
    setTimeout(connect, state.backoff);
    state.backoff = Math.min(state.backoff * 2, 60000);
  };
}

$("connect-form").addEventListener("submit", (event) => {
  event.preventDefault();
  state.wanted = $("nick").value.trim().replace(/\s+/g, "_");
  const channel = $("channel").value.trim();
  if (!state.wanted) { $("login-error").textContent = "A nickname is required."; return; }
  const account = $("account").value.trim();
  const password = $("password").value;
  if (account && !password) { $("login-error").textContent = "Type the account's password too, or empty Account to connect as a guest."; return; }
  if (!account && password) { $("login-error").textContent = "Type the account's name too, or empty Password to connect as a guest."; return; }
  // Kept in memory only, to log in again after a reconnection; the field is emptied.
  state.login = account ? { account, password } : null;
  $("password").value = "";
  $("login-error").textContent = "";
  state.quitting = false;
  if (channel) state.channels.add(channel.startsWith("#") ? channel : `#${channel}`);
  if ("Notification" in window && Notification.permission === "default") Notification.requestPermission();
  $("login").hidden = true;
  $("chat").hidden = false;
  $("message").focus();
  connect();
});

$("send-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = $("message").value;
  if (text.trim()) command(text);
  $("message").value = "";
});

document.addEventListener("visibilitychange", () => {
  if (!document.hidden && state.current) show(state.current.name);
});

// #channel in the page's address picks the channel (http://chat.lan:8097/#lab); otherwise
// the server's suggestion (the listener's `channel`) replaces the form's own, unless the
// user has typed already. Without an answer the form keeps #lobby. A server that says it
// has no accounts gets no Account and Password fields; one that says nothing keeps them.
if (location.hash.length > 1) $("channel").value = decodeURIComponent(location.hash);
fetch("client.json", { cache: "no-store" })
  .then((answer) => (answer.ok ? answer.json() : {}))
  .then((defaults) => {
    const field = $("channel");
    if (location.hash.length <= 1 && typeof defaults.channel === "string" && field.value === field.defaultValue) {
      field.value = defaults.channel;
    }
    if (typeof defaults.network === "string" && defaults.network) {
      state.network = defaults.network;
      updateTitle();
    }
    if (defaults.accounts === false) {
      $("account").value = "";
      $("password").value = "";
      $("account-fields").hidden = true;
    }
  })
  .catch(() => {});
