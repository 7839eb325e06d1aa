#!/usr/bin/env python3
"""Drives a command in a pseudo-terminal as a user would (stdlib only: pty, os, select).

usage: pty-driver.py SCRIPT.json -- COMMAND [ARGS...]
SCRIPT is a list of steps: {"expect": TEXT} waits until TEXT appears in the screen output since
the last match (ANSI sequences removed); {"send": KEYS} types; {"write": [PATH, CONTENT]} writes
a file (the learner editing the workspace); {"sleep": SECONDS}; {"mark": NAME} prints
"MARK NAME MS" with ms since start (benchmarks); {"file": PATH, "contains": TEXT, "copy": DEST}
waits until PATH exists (and holds TEXT, if given), then copies it to DEST (if given), so a test
can inspect a file as it was mid-run; {"kill": SIGNAL} (last step only) sends e.g. "SIGKILL" to
the command, a crash, and counts as success once the command died of it. The terminal is 80x24.
Exit 0 when every step passed and the command exited 0 (or PTY_EXPECT_EXIT, e.g. 130 after a
Ctrl-C); otherwise 1 with the tail of the screen on stderr. PTY_RAW=FILE keeps everything the
command wrote to the terminal (escape sequences included), to check what it left behind.
"""
import fcntl, json, os, pty, re, select, signal, struct, sys, termios, time

ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[()][0-9A-B]|\x1b[=>78]")


def read_text(path: str):
    try:
        with open(path) as f:
            return f.read()
    except FileNotFoundError:
        return None


def main() -> int:
    sep = sys.argv.index("--")
    with open(sys.argv[1]) as f:
        steps = json.load(f)
    command = sys.argv[sep + 1 :]
    timeout = float(os.environ.get("PTY_STEP_TIMEOUT", "15"))
    start = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["COLUMNS"], os.environ["LINES"] = "80", "24"
        os.execvp(command[0], command)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    raw = b""
    seen = 0  # screen text already matched by an earlier expect

    def screen() -> str:
        return ANSI.sub("", raw.decode("utf-8", "replace"))

    def pump(wait: float) -> bool:
        nonlocal raw
        ready, _, _ = select.select([fd], [], [], wait)
        if not ready:
            return True
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return False
        if not chunk:
            return False
        raw += chunk
        return True

    def fail(why: str) -> int:
        sys.stderr.write(f"pty-driver: {why}\n--- screen tail ---\n{screen()[-3000:]}\n")
        if os.environ.get("PTY_DUMP"):
            open(os.environ["PTY_DUMP"], "wb").write(raw)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        return 1

    if any("kill" in step for step in steps[:-1]):
        return fail("a kill step ends the script: put it last")
    for step in steps:
        if "expect" in step:
            deadline = time.monotonic() + timeout
            while True:
                found = screen().find(step["expect"], seen)
                if found >= 0:
                    seen = found + len(step["expect"])
                    break
                if time.monotonic() > deadline or not pump(0.05):
                    if screen().find(step["expect"], seen) >= 0:
                        continue
                    return fail(f"timed out waiting for {step['expect']!r}")
        elif "send" in step:
            os.write(fd, step["send"].encode())
            pump(0.15)
        elif "write" in step:
            path, content = step["write"]
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(content)
        elif "sleep" in step:
            end = time.monotonic() + step["sleep"]
            while time.monotonic() < end:
                pump(0.05)
        elif "mark" in step:
            print(f"MARK {step['mark']} {(time.monotonic() - start) * 1000:.1f}", flush=True)
        elif "file" in step:
            # The command writes the file asynchronously: poll, draining the screen meanwhile so
            # the command never blocks on a full pty.
            deadline = time.monotonic() + timeout
            while True:
                text = read_text(step["file"])
                # "contains" is a text, or a list of texts that must all be there (one save holds them all).
                wanted = step.get("contains", "")
                wanted = wanted if isinstance(wanted, list) else [wanted]
                if text is not None and all(part in text for part in wanted):
                    break
                if time.monotonic() > deadline:
                    why = "missing" if text is None else f"without {step.get('contains')!r}"
                    return fail(f"file {step['file']} still {why}")
                if not pump(0.05):
                    time.sleep(0.05)
            if "copy" in step:
                with open(step["copy"], "w") as f:
                    f.write(text)
        elif "kill" in step:
            sig = getattr(signal, step["kill"])
            os.kill(pid, sig)
            deadline = time.monotonic() + timeout
            done, status = os.waitpid(pid, os.WNOHANG)
            while not done and time.monotonic() < deadline:
                if not pump(0.05):
                    time.sleep(0.02)
                done, status = os.waitpid(pid, os.WNOHANG)
            if done and os.WIFSIGNALED(status) and os.WTERMSIG(status) == sig:
                return 0
            return fail(f"the command did not die of {step['kill']}")
    expected = int(os.environ.get("PTY_EXPECT_EXIT", "0"))

    def finish(code: int) -> int:
        if os.environ.get("PTY_RAW"):
            while pump(0.05):
                pass
            open(os.environ["PTY_RAW"], "wb").write(raw)
        return 0 if code == expected else fail(f"exit status {code}, expected {expected}")

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not pump(0.05):
            break
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return finish(os.waitstatus_to_exitcode(status))
    # The pty reports EOF a moment before the child can be reaped: give it until the deadline.
    done, status = os.waitpid(pid, os.WNOHANG)
    while not done and time.monotonic() < deadline:
        time.sleep(0.02)
        done, status = os.waitpid(pid, os.WNOHANG)
    if not done:
        return fail("the command did not exit")
    return finish(os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    sys.exit(main())
