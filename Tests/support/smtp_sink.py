"""A real SMTP server for Tandem's tests: aiosmtpd, writing each message it accepts to a folder.

Usage: python smtp_sink.py PORT FOLDER
"""
import asyncio
import os
import sys
import threading
import uuid

from aiosmtpd.controller import Controller


class SaveToFolder:
    def __init__(self, folder):
        self.folder = folder

    async def handle_DATA(self, server, session, envelope):
        name = os.path.join(self.folder, f"{uuid.uuid4()}.eml")
        with open(name + ".part", "wb") as f:
            f.write(b"X-Envelope-To: " + ",".join(envelope.rcpt_tos).encode() + b"\r\n")
            f.write(envelope.original_content)
        os.rename(name + ".part", name)
        return "250 Message accepted for delivery"


async def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    controller = Controller(SaveToFolder(folder), hostname="127.0.0.1", port=port)
    controller.start()
    # The test process holds our stdin: when it ends (or closes it), so do we.
    threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    print("ready", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        controller.stop()


if __name__ == "__main__":
    asyncio.run(main())
