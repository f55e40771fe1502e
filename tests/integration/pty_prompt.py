#!/usr/bin/env python3
"""Runs a command on a fresh pseudo-terminal, waits for its passphrase prompt,
types keys into it, and reports how it ended and what it left the terminal in.

usage: pty_prompt.py [--wait TEXT] [--send KEYS | --kill SIG] [--then-wait TEXT
                     --then-send KEYS] [--timeout S] -- CMD...

The command is the session leader with the pty as its controlling terminal
(so /dev/tty is the pty and Ctrl-C there signals it). The helper waits until
TEXT appears on the terminal and the terminal's ECHO flag is off (the program
is reading a passphrase), then writes KEYS (\\x03 is Ctrl-C, \\x1c Ctrl-\\,
\\n Enter; Python escapes) or sends it signal SIG (e.g. TERM), and waits up to
S seconds for the command to end (then kills it). With --then-wait, once
TEXT appears it writes the --then-send keys too (the program need not be at
a prompt then). It keeps its own descriptor of the terminal open, so the
terminal's settings can be read after the command is gone. Prints:
  prompt=<yes|no>  whether TEXT came with echo off before the time ran out
  exit=<N | signal:NAME | timeout>
  echo=<on|off>    the ECHO flag of the terminal after the command ended
  output:          then everything the command wrote to the terminal
"""
import argparse
import fcntl
import os
import select
import signal
import subprocess
import sys
import termios
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wait", default="")
    ap.add_argument("--send", default="")
    ap.add_argument("--kill", default="")
    ap.add_argument("--then-wait", default="")
    ap.add_argument("--then-send", default="")
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd[:1] == ["--"] else a.cmd
    def keys_of(text):
        return text.encode().decode("unicode_escape").encode("latin-1")

    keys = keys_of(a.send)

    master, slave = os.openpty()
    attrs = termios.tcgetattr(slave)
    attrs[3] |= termios.ECHO | termios.ICANON | termios.ISIG
    termios.tcsetattr(slave, termios.TCSANOW, attrs)

    def child_setup():
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave,
                            preexec_fn=child_setup, close_fds=True)
    out = b""
    deadline = time.monotonic() + a.timeout

    def pump(wait):
        nonlocal out
        r, _, _ = select.select([master], [], [], wait)
        if r:
            try:
                out += os.read(master, 4096)
            except OSError:
                pass

    prompted = not a.wait
    while not prompted and time.monotonic() < deadline and proc.poll() is None:
        pump(0.05)
        echo_off = not (termios.tcgetattr(slave)[3] & termios.ECHO)
        prompted = a.wait.encode() in out and echo_off
    if prompted and keys:
        os.write(master, keys)
    if prompted and a.kill:
        proc.send_signal(getattr(signal, "SIG" + a.kill))
    then = a.then_wait
    while proc.poll() is None and time.monotonic() < deadline:
        pump(0.05)
        if prompted and then and then.encode() in out:
            os.write(master, keys_of(a.then_send))
            then = ""
    if proc.poll() is None:
        proc.kill()
        proc.wait()
        result = "timeout"
    elif proc.returncode < 0:
        result = "signal:" + signal.Signals(-proc.returncode).name
    else:
        result = str(proc.returncode)
    for _ in range(5):
        pump(0.02)
    echo = "on" if termios.tcgetattr(slave)[3] & termios.ECHO else "off"
    print("prompt=%s" % ("yes" if prompted else "no"))
    print("exit=%s" % result)
    print("echo=%s" % echo)
    print("output:")
    sys.stdout.write(out.decode("utf-8", "replace").replace("\r\n", "\n"))
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
