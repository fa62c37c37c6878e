// The web client's SASL PLAIN (IRCv3 sasl-3.1), without state: the AUTHENTICATE lines of a
// login and the words for a failed one. app.js runs the exchange; chatd's side is
// src/irc/sasl.cpp. Loaded before app.js, as a plain script (its functions are global).
"use strict";

// The AUTHENTICATE lines carrying "\0account\0password": UTF-8, base64, in 400-byte pieces,
// and "+" after a last piece of exactly 400 (so the server knows it was the last).
function saslPlainLines(account, password) {
  let binary = "";
  for (const byte of new TextEncoder().encode(`\0${account}\0${password}`)) binary += String.fromCharCode(byte);
  const encoded = btoa(binary);
  const lines = [];
  for (let at = 0; at < encoded.length; at += 400) lines.push(`AUTHENTICATE ${encoded.slice(at, at + 400)}`);
  if (encoded.length % 400 === 0) lines.push("AUTHENTICATE +");
  return lines;
}

// Why a login failed, in words a student can act on.
function saslFailure(msg) {
  const text = msg.params[msg.params.length - 1] || "";
  if (msg.command === "902") return `this account cannot be used now (${text})`;
  if (msg.command === "905") return "the account name or password is too long";
  if (msg.command === "906") return "the login was cancelled";
  // chatd refuses passwords on plaintext connections from other machines.
  if (/\bTLS\b/.test(text)) {
    return "this server takes passwords only over an encrypted connection: open this page with " +
      "https:// (ask the administrator for its address)";
  }
  return text.replace(/^SASL authentication failed:?\s*/i, "") || "wrong account name or password";
}
