# Heng sandbox init: the first process (pid 1) inside the fresh network, mount,
# pid, ipc and uts namespaces that `unshare` creates for one sample.
#
# It runs as root (trusted code), builds the private filesystem view, then
# starts the untrusted program as a child through `prlimit` (resource limits)
# and `setpriv` (unprivileged uid, no capabilities, no_new_privs) and waits.
# Staying alive as a root-owned pid 1 is what makes the wall-clock kill
# reliable: when the host kills `unshare`, this process gets SIGKILL (parent
# death signal) and the kernel then kills everything left in the namespace,
# whatever the sample did to its own process group or credentials.
#
# Protocol: a JSON job on stdin; one JSON line on fd 3 when done:
#   {"event": "setup_error", "message": ...}
#   {"event": "exit", "code": n} | {"event": "signal", "signal": n}
# fd 3 is closed in the sample, so it cannot forge this report. The sample
# keeps only the descriptors listed in job["passFds"] (the finish mark's fd 4
# and 5, see src/sandbox/finish.ts); init itself never touches them.
import json
import os
import subprocess
import sys


def report(message):
    os.write(3, (json.dumps(message) + "\n").encode())


def mount(*args):
    done = subprocess.run(["mount", *args], stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError("mount %s: %s" % (" ".join(args), done.stderr.strip()))


def hide(path):
    """Cover a directory with an empty read-only tmpfs, a file with /dev/null."""
    if os.path.isdir(path):
        mount("-t", "tmpfs", "-o", "ro,nosuid,nodev,noexec,size=16k,mode=0755", "heng-hidden", path)
    elif os.path.exists(path):
        mount("--bind", "/dev/null", path)


def build_filesystem(job):
    for path in job["hide"]:
        hide(path)
    # The sample's only writable place: a size-capped tmpfs on /tmp owned by
    # its uid, gone when the namespace ends. It also hides the host's /tmp.
    work = job["workdir"]
    mount("-t", "tmpfs", "-o", "nosuid,nodev,size=%dk,mode=0700,uid=%d,gid=%d" % (job["workdirKb"], job["uid"], job["gid"]), "heng-work", work)
    program = os.path.join(work, "main.py")
    # errors="replace": a lone surrogate in model output must not look like a sandbox failure.
    with open(program, "w", encoding="utf-8", errors="replace") as out:
        out.write(job["program"])
    os.chmod(program, 0o644)
    if not os.access(job["python"], os.X_OK):
        raise RuntimeError("python %s is not reachable inside the sandbox (is it under a hidden path?)" % job["python"])
    return program


def main():
    job = json.loads(sys.stdin.read())
    try:
        program = build_filesystem(job)
    except Exception as err:  # any setup failure means: do not run the sample
        report({"event": "setup_error", "message": str(err)})
        return 1
    limits = job["limits"]
    argv = [
        "prlimit",
        "--as=%d" % limits["asBytes"],
        "--nproc=%d" % limits["nproc"],
        "--cpu=%d:%d" % (limits["cpuSeconds"], limits["cpuSeconds"] + 1),
        "--fsize=%d" % limits["fsizeBytes"],
        "--nofile=%d" % limits["nofile"],
        "--core=0",
        "--",
        "setpriv",
        "--reuid=%d" % job["uid"],
        "--regid=%d" % job["gid"],
        "--clear-groups",
        "--no-new-privs",
        "--inh-caps=-all",
        "--bounding-set=-all",
        "--",
        job["python"],
        "-u",
        "-B",
        program,
    ]
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": job["workdir"], "TMPDIR": job["workdir"], "LANG": "C.UTF-8"}
    try:
        child = subprocess.Popen(argv, cwd=job["workdir"], env=env, stdin=subprocess.DEVNULL, close_fds=True, pass_fds=tuple(job.get("passFds", ())))
    except OSError as err:
        report({"event": "setup_error", "message": "cannot start the sample: %s" % err})
        return 1
    status = child.wait()
    report({"event": "signal", "signal": -status} if status < 0 else {"event": "exit", "code": status})
    return 0


sys.exit(main())
