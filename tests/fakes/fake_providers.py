#!/usr/bin/env python3
"""Fake notification providers for Peony's channel-adapter tests (Python 3 standard library only).

One HTTP server plays Alibaba Cloud SMS, Tencent Cloud SMS, WeChat Work and a webhook receiver; one
plain SMTP server plays a mail relay. Each checks the request format and RECOMPUTES THE SIGNATURE
from the providers' documentation, independently of the C++ code, records every request and answers
like the provider would.

    python3 fake_providers.py      prints "<http port>\n<smtp port>\n", serves on 127.0.0.1 until
                                   its stdin closes (the test process ended) or it is killed.

Routing (HTTP): a request with X-TC-Action is Tencent; /cgi-bin/... is WeChat Work; /hook... is
the webhook receiver; any other request to "/" is Alibaba Cloud (RPC form POST or GET).

Control:
    GET  /_requests                  every request so far, oldest first (JSON array)
    POST /_reset                     forget requests and modes
    POST /_mode {"mode": m, "provider": p?}   how to answer from now on (for one provider or all):
         ok          the provider's success answer
         500         HTTP 500 with a text body (SMTP: 451 after DATA)
         timeout     wait 5 s, then close without an answer (SMTP: before the greeting)
         error_code  the provider's permanent error (aliyun isv.MOBILE_NUMBER_ILLEGAL, tencent
                     FailedOperation.TemplateIncorrectOrUnapproved, wecom 81013, webhook 400,
                     smtp 550 on RCPT)
         throttle    the provider's rate-limit answer (aliyun isv.BUSINESS_LIMIT_CONTROL, tencent
                     LimitExceeded.PhoneNumberThirtySecondLimit, wecom 45009, webhook 429, smtp 450)
         token_expired  wecom only: the next message/send answers 42001 and drops the token
         garbage     HTTP 200 with a body that is not JSON

Credentials the fakes accept (tests configure the adapters with these):
    aliyun  access_key_id fake-ak / access_key_secret fake-secret
    tencent secret_id fake-sid / secret_key fake-skey
    wecom   corp_id fake-corp / corp_secret fake-corp-secret
    webhook secret fake-webhook-secret
    smtp    username mailer / password fake-mail-pass (AUTH PLAIN or LOGIN; no TLS)
"""

import base64
import email
import email.policy
import email.utils
import hashlib
import hmac
import json
import os
import re
import secrets
import socketserver
import sys
import threading
import time
import urllib.parse
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ALIYUN = {"fake-ak": "fake-secret"}
TENCENT = {"fake-sid": "fake-skey"}
WECOM = {"fake-corp": "fake-corp-secret"}
WEBHOOK_SECRET = "fake-webhook-secret"
SMTP_USER, SMTP_PASSWORD = "mailer", "fake-mail-pass"
SLOW_SECONDS = 5


class State:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = []
        self.modes = {}
        self.nonces = set()
        self.tokens = {}
        self.counter = 0

    def mode(self, provider):
        with self.lock:
            return self.modes.get(provider, self.modes.get("*", "ok"))

    def set_mode(self, mode, provider=None):
        with self.lock:
            self.modes[provider or "*"] = mode

    def record(self, entry):
        with self.lock:
            self.counter += 1
            entry["seq"] = self.counter
            self.requests.append(entry)
            return self.counter


STATE = State()


def pct(s):
    """RFC 3986 percent-encoding of UTF-8 (Alibaba: only A-Z a-z 0-9 - _ . ~ stay)."""
    return urllib.parse.quote(s, safe="", encoding="utf-8")


def parse_form(text):
    """Form fields decoded with %XY only ('+' is not a space in Alibaba's encoding)."""
    out = {}
    for part in text.split("&") if text else []:
        name, _, value = part.partition("=")
        out[urllib.parse.unquote(name)] = urllib.parse.unquote(value)
    return out


def aliyun_signature(method, params, secret):
    canonical = "&".join(pct(k) + "=" + pct(v) for k, v in sorted(params.items()) if k != "Signature")
    string_to_sign = method + "&" + pct("/") + "&" + pct(canonical)
    digest = hmac.new((secret + "&").encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def tc3_signature(secret_key, date, service, string_to_sign):
    def h(key, msg):
        return hmac.new(key, msg.encode(), hashlib.sha256).digest()

    k = h(("TC3" + secret_key).encode(), date)
    k = h(k, service)
    k = h(k, "tc3_request")
    return hmac.new(k, string_to_sign.encode(), hashlib.sha256).hexdigest()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    # --- plumbing ------------------------------------------------------------------------------
    def reply(self, status, body, content_type="application/json; charset=utf-8"):
        raw = body if isinstance(body, bytes) else (
            json.dumps(body, ensure_ascii=False) if not isinstance(body, str) else body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")

    def route(self, method):
        url = urllib.parse.urlsplit(self.path)
        raw = self.body() if method == "POST" else b""
        if url.path == "/_requests":
            with STATE.lock:
                return self.reply(200, list(STATE.requests))
        if url.path == "/_reset":
            with STATE.lock:
                STATE.requests.clear()
                STATE.modes.clear()
            return self.reply(200, {"ok": True})
        if url.path == "/_mode":
            req = json.loads(raw or b"{}")
            STATE.set_mode(req.get("mode", "ok"), req.get("provider"))
            return self.reply(200, {"ok": True})
        if self.headers.get("X-TC-Action") is not None:
            provider = "tencent"
        elif url.path.startswith("/cgi-bin/"):
            provider = "wecom"
        elif url.path.startswith("/hook"):
            provider = "webhook"
        else:
            provider = "aliyun"
        mode = STATE.mode(provider)
        if mode == "timeout":
            # Never answers within the client's time-out, and records nothing (a later test must
            # not see this request).
            time.sleep(SLOW_SECONDS)
            self.close_connection = True
            return
        getattr(self, provider)(method, url, raw, mode)

    def common_faults(self, mode):
        if mode == "500":
            self.reply(500, "internal server error", "text/plain")
            return True
        if mode == "garbage":
            self.reply(200, "<html>not json</html>", "text/html")
            return True
        return False

    # --- Alibaba Cloud SMS (Dysmsapi SendSms, RPC 2017-05-25) ------------------------------------
    def aliyun(self, method, url, raw, mode):
        ctype = self.headers.get("Content-Type", "")
        params = parse_form(raw.decode() if method == "POST" else url.query)
        errors = []
        if method == "POST" and not ctype.startswith("application/x-www-form-urlencoded"):
            errors.append("content-type " + ctype)
        if url.path != "/":
            errors.append("path " + url.path)
        expected = {"Action": "SendSms", "Format": "JSON", "SignatureMethod": "HMAC-SHA1",
                    "SignatureVersion": "1.0", "Version": "2017-05-25"}
        for k, v in expected.items():
            if params.get(k) != v:
                errors.append(f"{k}={params.get(k)!r}")
        for k in ("AccessKeyId", "RegionId", "SignatureNonce", "Timestamp", "PhoneNumbers",
                  "SignName", "TemplateCode", "Signature"):
            if not params.get(k):
                errors.append("missing " + k)
        if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", params.get("Timestamp", "")):
            errors.append("Timestamp format")
        template_param = None
        if "TemplateParam" in params:
            try:
                template_param = json.loads(params["TemplateParam"])
                if not isinstance(template_param, dict):
                    errors.append("TemplateParam not an object")
            except ValueError:
                errors.append("TemplateParam not JSON")
        secret = ALIYUN.get(params.get("AccessKeyId"))
        signature_ok = secret is not None and hmac.compare_digest(
            aliyun_signature(method, params, secret), params.get("Signature", ""))
        nonce = params.get("SignatureNonce")
        with STATE.lock:
            nonce_reused = nonce in STATE.nonces
            STATE.nonces.add(nonce)
        shown = {k: v for k, v in params.items() if k != "Signature"}
        STATE.record({"provider": "aliyun", "method": method, "path": url.path, "params": shown,
                      "template_param": template_param, "signature_ok": signature_ok,
                      "errors": errors})
        rid = secrets.token_hex(8)
        if self.common_faults(mode):
            return
        if secret is None:
            return self.reply(404, {"Code": "InvalidAccessKeyId.NotFound",
                                    "Message": "Specified access key is not found.", "RequestId": rid})
        if not signature_ok:
            return self.reply(400, {"Code": "SignatureDoesNotMatch",
                                    "Message": "Specified signature is not matched with our calculation.",
                                    "RequestId": rid})
        if nonce_reused:
            return self.reply(400, {"Code": "SignatureNonceUsed",
                                    "Message": "Specified signature nonce was used already.",
                                    "RequestId": rid})
        if errors:
            return self.reply(400, {"Code": "MissingParameter", "Message": "; ".join(errors),
                                    "RequestId": rid})
        if mode == "error_code":
            return self.reply(200, {"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "非法手机号",
                                    "RequestId": rid})
        if mode == "throttle":
            return self.reply(200, {"Code": "isv.BUSINESS_LIMIT_CONTROL",
                                    "Message": "触发分钟级流控Permits:1", "RequestId": rid})
        self.reply(200, {"Code": "OK", "Message": "OK", "BizId": "biz-" + secrets.token_hex(6),
                         "RequestId": rid})

    # --- Tencent Cloud SMS (SendSms 2021-01-11, TC3-HMAC-SHA256) ---------------------------------
    def tencent(self, method, url, raw, mode):
        errors = []
        h = self.headers
        if method != "POST" or url.path != "/":
            errors.append(f"{method} {url.path}")
        if h.get("Content-Type") != "application/json; charset=utf-8":
            errors.append("content-type " + str(h.get("Content-Type")))
        for name, value in (("X-TC-Action", "SendSms"), ("X-TC-Version", "2021-01-11")):
            if h.get(name) != value:
                errors.append(f"{name}={h.get(name)!r}")
        if not h.get("X-TC-Region"):
            errors.append("missing X-TC-Region")
        timestamp = h.get("X-TC-Timestamp", "")
        if not timestamp.isdigit():
            errors.append("X-TC-Timestamp")
        try:
            body = json.loads(raw)
        except ValueError:
            body, _ = None, errors.append("body not JSON")
        if isinstance(body, dict):
            phones = body.get("PhoneNumberSet")
            if not (isinstance(phones, list) and phones and
                    all(isinstance(p, str) and re.fullmatch(r"\+\d{6,20}", p) for p in phones)):
                errors.append("PhoneNumberSet")
            for k in ("SmsSdkAppId", "SignName", "TemplateId"):
                if not isinstance(body.get(k), str) or not body.get(k):
                    errors.append("missing " + k)
            params = body.get("TemplateParamSet", [])
            if not (isinstance(params, list) and all(isinstance(p, str) for p in params)):
                errors.append("TemplateParamSet")
        # Authorization: TC3-HMAC-SHA256 Credential=<id>/<date>/<service>/tc3_request,
        #                SignedHeaders=<a;b>, Signature=<hex>
        signature_ok, secret_id = False, None
        m = re.fullmatch(r"TC3-HMAC-SHA256 Credential=([^/]+)/(\d{4}-\d\d-\d\d)/([a-z]+)/tc3_request, "
                         r"SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})",
                         h.get("Authorization", ""))
        if not m:
            errors.append("Authorization format")
        else:
            secret_id, date, service, signed, signature = m.groups()
            names = signed.split(";")
            if "host" not in names or "content-type" not in names:
                errors.append("SignedHeaders " + signed)
            if service != "sms":
                errors.append("service " + service)
            if timestamp.isdigit():
                day = datetime.fromtimestamp(int(timestamp), tz=timezone.utc).strftime("%Y-%m-%d")
                if day != date:
                    errors.append("credential date is not the timestamp's UTC day")
            canonical_headers = "".join(f"{n}:{(h.get(n) or '').strip().lower()}\n" for n in names)
            canonical = "\n".join(["POST", "/", url.query, canonical_headers, signed,
                                   hashlib.sha256(raw).hexdigest()])
            string_to_sign = "\n".join(["TC3-HMAC-SHA256", timestamp, f"{date}/{service}/tc3_request",
                                        hashlib.sha256(canonical.encode()).hexdigest()])
            key = TENCENT.get(secret_id)
            signature_ok = key is not None and hmac.compare_digest(
                tc3_signature(key, date, service, string_to_sign), signature)
        STATE.record({"provider": "tencent", "method": method, "path": url.path,
                      "headers": {k: h.get(k) for k in ("X-TC-Action", "X-TC-Version",
                                                         "X-TC-Region", "X-TC-Timestamp", "Host")},
                      "body": body, "signature_ok": signature_ok, "errors": errors})
        rid = secrets.token_hex(8)
        if self.common_faults(mode):
            return

        def error(code, message):
            self.reply(200, {"Response": {"Error": {"Code": code, "Message": message},
                                          "RequestId": rid}})

        if secret_id is not None and secret_id not in TENCENT:
            return error("AuthFailure.SecretIdNotFound", "The SecretId is not found.")
        if m and not signature_ok:
            return error("AuthFailure.SignatureFailure",
                         "The provided credentials could not be validated.")
        if errors:
            return error("InvalidParameter", "; ".join(errors))
        if mode == "error_code":
            return error("FailedOperation.TemplateIncorrectOrUnapproved", "模板未审批或内容不匹配")
        status = {"SerialNo": "serial-" + secrets.token_hex(6), "PhoneNumber": body["PhoneNumberSet"][0],
                  "Fee": 1, "SessionContext": body.get("SessionContext", ""), "Code": "Ok",
                  "Message": "send success", "IsoCode": "CN"}
        if mode == "throttle":
            status.update({"SerialNo": "", "Fee": 0, "Code": "LimitExceeded.PhoneNumberThirtySecondLimit",
                           "Message": "单个手机号30秒内下发短信条数超过设定的上限"})
        self.reply(200, {"Response": {"SendStatusSet": [status], "RequestId": rid}})

    # --- WeChat Work (gettoken + message/send) ---------------------------------------------------
    def wecom(self, method, url, raw, mode):
        query = dict(urllib.parse.parse_qsl(url.query))
        if url.path == "/cgi-bin/gettoken":
            ok = method == "GET" and WECOM.get(query.get("corpid")) == query.get("corpsecret")
            STATE.record({"provider": "wecom", "method": method, "path": url.path,
                          "signature_ok": ok, "errors": [] if ok else ["credentials"]})
            if mode == "500":
                return self.reply(500, "internal server error", "text/plain")
            if not ok:
                return self.reply(200, {"errcode": 40001, "errmsg": "invalid credential"})
            token = secrets.token_urlsafe(24)
            with STATE.lock:
                STATE.tokens[token] = True
            return self.reply(200, {"errcode": 0, "errmsg": "ok", "access_token": token,
                                    "expires_in": 7200})
        errors = []
        token = query.get("access_token", "")
        with STATE.lock:
            token_ok = STATE.tokens.get(token, False)
        try:
            body = json.loads(raw)
        except ValueError:
            body, _ = None, errors.append("body not JSON")
        if url.path != "/cgi-bin/message/send" or method != "POST":
            errors.append(f"{method} {url.path}")
        if isinstance(body, dict):
            if not isinstance(body.get("touser"), str) or not body.get("touser"):
                errors.append("touser")
            if body.get("msgtype") != "text":
                errors.append("msgtype")
            if not isinstance(body.get("agentid"), int):
                errors.append("agentid not an integer")
            text = body.get("text")
            if not (isinstance(text, dict) and isinstance(text.get("content"), str)):
                errors.append("text.content")
        STATE.record({"provider": "wecom", "method": method, "path": url.path, "body": body,
                      "signature_ok": token_ok, "errors": errors})
        if self.common_faults(mode):
            return
        if not token_ok:
            return self.reply(200, {"errcode": 40014, "errmsg": "invalid access_token"})
        if mode == "token_expired":
            with STATE.lock:
                STATE.tokens.pop(token, None)
                STATE.modes["wecom"] = "ok"
            return self.reply(200, {"errcode": 42001, "errmsg": "access_token expired"})
        if errors:
            return self.reply(200, {"errcode": 40008, "errmsg": "invalid message: " + "; ".join(errors)})
        if mode == "error_code":
            return self.reply(200, {"errcode": 81013, "errmsg": "user & party & tag all invalid"})
        if mode == "throttle":
            return self.reply(200, {"errcode": 45009, "errmsg": "api freq out of limit"})
        self.reply(200, {"errcode": 0, "errmsg": "ok", "invaliduser": "",
                         "msgid": "msg-" + secrets.token_hex(6)})

    # --- Webhook receiver (Peony's own signature) ------------------------------------------------
    def webhook(self, method, url, raw, mode):
        h = self.headers
        errors = []
        if method != "POST":
            errors.append(method)
        if not (h.get("Content-Type") or "").startswith("application/json"):
            errors.append("content-type")
        timestamp = h.get("X-Peony-Timestamp") or ""
        if not timestamp.isdigit():
            errors.append("X-Peony-Timestamp")
        expected = "sha256=" + hmac.new(WEBHOOK_SECRET.encode(), timestamp.encode() + b"." + raw,
                                        hashlib.sha256).hexdigest()
        signature_ok = hmac.compare_digest(expected, h.get("X-Peony-Signature") or "")
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        STATE.record({"provider": "webhook", "method": method, "path": url.path,
                      "message_id": h.get("X-Peony-Message-Id"), "timestamp": timestamp,
                      "text": raw.decode("utf-8", "replace"), "body": body,
                      "signature_ok": signature_ok, "errors": errors})
        if self.common_faults(mode):
            return
        if mode == "error_code":
            return self.reply(400, {"error": "bad request"})
        if mode == "throttle":
            return self.reply(429, {"error": "slow down"})
        if not signature_ok:
            return self.reply(401, {"error": "bad signature"})
        self.reply(200, {"ok": True})


# --- SMTP ------------------------------------------------------------------------------------------
def check_message(data):
    """Parses an RFC 5322 message; returns (summary, errors)."""
    errors = []
    for line in data.split(b"\r\n"):
        if len(line) > 998:
            errors.append("line over 998 octets")
    head = data.split(b"\r\n\r\n", 1)[0]
    try:
        head.decode("ascii")
    except UnicodeDecodeError:
        errors.append("header not ASCII")
    if b"\n" in data.replace(b"\r\n", b""):
        errors.append("bare LF")
    msg = email.message_from_bytes(data, policy=email.policy.default)
    for name in ("Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Content-Type"):
        if msg[name] is None:
            errors.append("missing " + name)
    try:
        email.utils.parsedate_to_datetime(str(msg["Date"]))
    except (TypeError, ValueError):
        errors.append("Date format")
    if not re.fullmatch(r"<[^<>@\s]+@[^<>@\s]+>", str(msg["Message-ID"] or "")):
        errors.append("Message-ID format")
    if str(msg["MIME-Version"]) != "1.0":
        errors.append("MIME-Version")
    if msg.get_content_type() != "text/plain" or (msg.get_content_charset() or "").lower() != "utf-8":
        errors.append("Content-Type")
    try:
        body = msg.get_content()
    except (LookupError, ValueError) as e:
        body, _ = None, errors.append("body: " + str(e))
    summary = {"subject": str(msg["Subject"]), "from": str(msg["From"]), "to": str(msg["To"]),
               "message_id": str(msg["Message-ID"]), "date": str(msg["Date"]),
               "transfer_encoding": str(msg["Content-Transfer-Encoding"]), "body": body}
    return summary, errors


class SmtpHandler(socketserver.StreamRequestHandler):
    def send(self, line):
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def readline(self):
        line = self.rfile.readline(65536)
        if not line:
            raise EOFError
        return line.rstrip(b"\r\n").decode("utf-8", "replace")

    def handle(self):
        mode = STATE.mode("smtp")
        if mode == "timeout":
            time.sleep(SLOW_SECONDS)
            return
        entry = {"provider": "smtp", "auth_ok": None, "auth_mechanism": None, "mail_from": None,
                 "rcpt_to": [], "signature_ok": None, "errors": []}
        try:
            self.send("220 fake.smtp ESMTP")
            while True:
                line = self.readline()
                verb = line.split(" ", 1)[0].upper()
                arg = line[len(verb) + 1:]
                if verb in ("EHLO", "HELO"):
                    entry["helo"] = arg
                    if verb == "EHLO":
                        self.send("250-fake.smtp")
                        self.send("250-8BITMIME")
                        self.send("250 AUTH PLAIN LOGIN")
                    else:
                        self.send("250 fake.smtp")
                elif verb == "AUTH":
                    self.auth(arg, entry)
                elif verb == "MAIL":
                    entry["mail_from"] = re.sub(r"^FROM:\s*", "", arg, flags=re.I).split(" ")[0]
                    self.send("250 2.1.0 OK")
                elif verb == "RCPT":
                    if mode == "error_code":
                        self.send("550 5.1.1 No such user")
                    elif mode == "throttle":
                        self.send("450 4.2.1 Mailbox busy, try later")
                    else:
                        entry["rcpt_to"].append(re.sub(r"^TO:\s*", "", arg, flags=re.I))
                        self.send("250 2.1.5 OK")
                elif verb == "DATA":
                    self.send("354 End data with <CR><LF>.<CR><LF>")
                    lines = []
                    while True:
                        raw = self.rfile.readline(65536)
                        if not raw:
                            raise EOFError
                        if raw in (b".\r\n", b".\n"):
                            break
                        if not raw.endswith(b"\r\n"):
                            entry["errors"].append("line without CRLF")
                        lines.append(raw[1:] if raw.startswith(b"..") else raw)
                    summary, errors = check_message(b"".join(lines))
                    entry.update(summary)
                    entry["errors"] += errors
                    STATE.record(entry)
                    if mode == "500":
                        self.send("451 4.3.0 Temporary failure, try again")
                    else:
                        self.send("250 2.0.0 queued")
                elif verb == "RSET" or verb == "NOOP":
                    self.send("250 OK")
                elif verb == "QUIT":
                    self.send("221 Bye")
                    break
                else:
                    self.send("502 5.5.2 Command not recognised")
        except (EOFError, ConnectionError):
            pass
        if "body" not in entry and (entry["auth_ok"] is not None or entry["mail_from"]):
            STATE.record(entry)  # a session that ended before its message (refused, auth failed)

    def auth(self, arg, entry):
        mechanism, _, initial = arg.partition(" ")
        mechanism = mechanism.upper()
        entry["auth_mechanism"] = mechanism
        if mechanism == "PLAIN":
            if not initial:
                self.send("334 ")
                initial = self.readline()
            parts = base64.b64decode(initial).decode().split("\0")
            user, password = (parts[1], parts[2]) if len(parts) == 3 else ("", "")
        elif mechanism == "LOGIN":
            if initial:
                user = base64.b64decode(initial).decode()
            else:
                self.send("334 VXNlcm5hbWU6")
                user = base64.b64decode(self.readline()).decode()
            self.send("334 UGFzc3dvcmQ6")
            password = base64.b64decode(self.readline()).decode()
        else:
            return self.send("504 5.5.4 Unrecognised authentication type")
        ok = user == SMTP_USER and password == SMTP_PASSWORD
        entry["auth_ok"] = entry["signature_ok"] = ok
        self.send("235 2.7.0 Authentication successful" if ok else
                  "535 5.7.8 Authentication credentials invalid")


class SmtpServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    http.daemon_threads = True
    smtp = SmtpServer(("127.0.0.1", 0), SmtpHandler)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    threading.Thread(target=smtp.serve_forever, daemon=True).start()
    sys.stdout.write(f"{http.server_address[1]}\n{smtp.server_address[1]}\n")
    sys.stdout.flush()
    # Lives as long as the test process: its end closes our stdin.
    try:
        while sys.stdin.buffer.read(4096):
            pass
    except KeyboardInterrupt:
        pass
    os._exit(0)


if __name__ == "__main__":
    main()
