#!/usr/bin/python3
"""Indexing cost of several quarry-index builds (or settings), run in rotating
order round after round, each run into a fresh database: the CPU (user+sys of
the indexer and every child it waited for, from the kernel, as /usr/bin/time
reports it), wall time and peak RSS of each, and per round every build's CPU
over the first one's, so that ratios are taken between runs seconds apart on
a machine whose speed drifts (bench/README.md, "Issue 17: indexing within 5 %").

Usage: index_rounds.py --data FILE --rounds N NAME=COMMAND [NAME=COMMAND ...]
COMMAND is split as a shell splits words and may start with VAR=value
settings; the first NAME is the reference. Each run is COMMAND --quiet -d DB FILE.
"""
import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import tempfile
import time


def run(command, data, db):
    shutil.rmtree(db, ignore_errors=True)
    words = shlex.split(command)
    env = dict(os.environ)
    while words and '=' in words[0] and not words[0].startswith('/'):
        key, value = words.pop(0).split('=', 1)
        env[key] = value
    start = time.monotonic()
    child = subprocess.Popen(words + ['--quiet', '-d', db, data], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.monotonic() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    err = child.stderr.read().decode(errors='replace')
    if child.returncode != 0:
        raise SystemExit(f'{command} failed ({child.returncode}): {err[-500:]}')
    shutil.rmtree(db, ignore_errors=True)
    return usage.ru_utime, usage.ru_stime, wall, usage.ru_maxrss / 1024


def summary(values):
    return f'{statistics.median(values):.3f} ({min(values):.3f}-{max(values):.3f})'


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--data', required=True)
    parser.add_argument('--rounds', type=int, default=8)
    parser.add_argument('configs', nargs='+', help='NAME=COMMAND')
    args = parser.parse_args()
    configs = [c.split('=', 1) for c in args.configs]
    names = [name for name, _ in configs]
    results = {name: [] for name in names}
    with tempfile.TemporaryDirectory() as scratch:
        db = os.path.join(scratch, 'db')
        for r in range(args.rounds):
            for k in range(len(configs)):
                name, command = configs[(k + r) % len(configs)]
                user, sys, wall, rss = run(command, args.data, db)
                results[name].append((user, sys, wall, rss))
                print(f'round {r + 1} {name}: user {user:.2f} sys {sys:.2f} wall {wall:.2f} peak {rss:.0f} MiB',
                      flush=True)
    ref = names[0]
    print(f'\n{args.rounds} rounds; CPU = user+sys; ratios per round against {ref}: median (min-max)')
    for name in names:
        cpu = [u + s for u, s, _, _ in results[name]]
        line = (f'{name}: cpu {summary(cpu)} s, user {statistics.median(u for u, _, _, _ in results[name]):.2f}, '
                f'sys {statistics.median(s for _, s, _, _ in results[name]):.2f}, '
                f'wall {statistics.median(w for _, _, w, _ in results[name]):.2f} s, '
                f'peak {statistics.median(m for _, _, _, m in results[name]):.0f} MiB')
        if name != ref:
            ratios = [(u + s) / (ru + rs) for (u, s, _, _), (ru, rs, _, _) in zip(results[name], results[ref])]
            line += f'; cpu/{ref} {summary(ratios)}'
        print(line)


if __name__ == '__main__':
    main()
