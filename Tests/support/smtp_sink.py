"""A real SMTP server for Tandem's tests: aiosmtpd, writing each message it accepts to a folder.

Usage: python smtp_sink.py PORT FOLDER   (PORT 0: a free one, said in the ready line)
       [--starttls CERT KEY] [--auth USER:PASSWORD]
"""
import asyncio
import os
import socket
import ssl
import sys
import threading
import uuid

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class SaveToFolder:
    def __init__(self, folder):
        self.folder = folder

    async def handle_DATA(self, server, session, envelope):
        name = os.path.join(self.folder, f"{uuid.uuid4()}.eml")
        with open(name + ".part", "wb") as f:
            f.write(b"X-Envelope-To: " + ",".join(envelope.rcpt_tos).encode() + b"\r\n")
            f.write(b"X-Was-Encrypted: " + (b"yes" if session.ssl else b"no") + b"\r\n")
            f.write(envelope.original_content)
        os.rename(name + ".part", name)
        return "250 Message accepted for delivery"


def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    if port == 0:
        # Ask the system for a free port, rather than guess one another test server may hold.
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
    options = {}
    args = sys.argv[3:]
    if "--starttls" in args:
        i = args.index("--starttls")
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args[i + 1], args[i + 2])
        options.update(tls_context=context, require_starttls=True)
    if "--auth" in args:
        user, password = args[args.index("--auth") + 1].split(":", 1)

        def authenticate(server, session, envelope, mechanism, data):
            ok = isinstance(data, LoginPassword) and data.login.decode() == user and data.password.decode() == password
            return AuthResult(success=ok, handled=False)

        options.update(authenticator=authenticate, auth_required=True, auth_require_tls=True)
    # A loaded CI machine can take a while to start Python; the default 1-5 s wait is too short.
    controller = Controller(SaveToFolder(folder), hostname="127.0.0.1", port=port, ready_timeout=60, **options)
    controller.start()
    print(f"ready {port}", flush=True)
    # The test process holds our stdin: when it ends (or closes it), so do we.
    sys.stdin.read()
    controller.stop()
    os._exit(0)


if __name__ == "__main__":
    main()
