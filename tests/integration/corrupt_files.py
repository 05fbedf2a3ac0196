#!/usr/bin/python3
"""Replay corrupt results files through every reader command.

usage: corrupt_files.py CROSSINGS WORKDIR N_FLIP N_STRUCT [N_CRAFTED]

WORKDIR holds real files made by the program: run.h5 (two scenarios), sweep.h5
(a Morris sweep), p1.h5 and p2.h5 (the two shards of a sweep, series kept).
From them, with a fixed seed, N_FLIP byte-flipped copies (1 to 8 bytes at random
offsets) and N_STRUCT structurally altered copies (h5py: attributes changed,
datasets deleted or replaced by others of other shapes, types and ranks, huge
claimed extents, string arrays shortened or lengthened, a Morris sweep labelled
saltelli) are made, and each goes through every reader: compare, export,
summarize, report, sensitivity (sweeps) and merge (shards, with the other
shard intact). Required of each run: exit 0, 1 or 2 (never a signal, never a
sanitizer report), no output under its final name after a non-zero exit, and
no temporary file left behind. Crashes are classified by where they happened
(inside libhdf5, or in our code) from the sanitizer's report or, without one,
from a backtrace under gdb. Ends with the line "N passed, M failed".

Every file crossings writes carries a seal (a CRC-32 of the whole file,
docs/FORMAT.md), so a byte-flipped copy is refused before HDF5 reads it. The
altered copies are sealed again after the change (`crossings seal`, as a user
who edits a file on purpose would), so that they reach the readers' own checks.
N_CRAFTED (default 0, a measurement, not a check) byte-flipped copies are
sealed too, as a file crafted to pass the seal would be: their crashes inside
libhdf5 are counted apart and are not failures (HDF5 does not check its
variable-length string heap; the seal is what keeps damage from reaching it).
"""
import collections
import glob
import os
import random
import resource
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import h5py
import numpy as np

SEED = 12
OUTPUT = "incidence_per_100k_year.women"
TIMEOUT = 60
MEMORY_MB = 3072  # a reader asking for more is refused memory (exit 1), not left to swap


# ---- variants ---------------------------------------------------------------------------

def flip(src, dst, rng):
    data = bytearray(open(src, "rb").read())
    for _ in range(rng.randint(1, 8)):
        data[rng.randrange(len(data))] ^= rng.randint(1, 255)
    open(dst, "wb").write(data)


def replace(f, path, value=None, **kw):
    """Dataset PATH replaced by VALUE (or by a dataset made with KW)."""
    if path in f:
        del f[path]
    if value is not None:
        f[path] = value
    else:
        f.create_dataset(path, **kw)


def set_attr(f, path, name, value):
    f[path].attrs[name] = value


def huge(f, path, shape, dtype="f8"):
    """A dataset claiming SHAPE, chunked and almost all unwritten."""
    chunk = tuple(1 for _ in shape[:-1]) + (min(shape[-1], 64),)
    replace(f, path, shape=shape, dtype=dtype, chunks=chunk, compression="gzip")
    f[path][(0,) * len(shape)] = 1


def strings(n):
    return np.array(["s%d" % i for i in range(n)], dtype=h5py.string_dtype())


def compound_like(d, n):
    """An array of N rows of d's compound type (zeros, strings empty)."""
    a = np.zeros(n, dtype=d.dtype)
    return a


def run_alterations():
    """(name, function of an h5py File) for a results file of two scenarios."""
    s = "scenarios/baseline"
    m = s + "/metrics/population"
    alt = []
    for v in [0, 1, 5, 7, 1000, 2**31, 2**40, -1]:
        alt.append(("months=%d" % v, lambda f, v=v: set_attr(f, "/", "months", np.int64(v))))
    alt.append(("months=str", lambda f: set_attr(f, "/", "months", "6")))
    alt.append(("months=float", lambda f: set_attr(f, "/", "months", 6.5)))
    alt.append(("start_year=huge", lambda f: set_attr(f, "/", "start_year", np.int64(2**62))))
    for d in ["dims/month", "dims/area", "dims/group", "dims/area_name", "dims/area_country",
              s + "/replicates", s + "/episodes", s + "/parameters", s + "/metrics", m,
              "scenarios/shock_flood/metrics/trafficked_new", s + "/scenario_text"]:
        alt.append(("del " + d, lambda f, d=d: f.__delitem__(d)))
    for d, n in [("dims/group", 0), ("dims/group", 3), ("dims/group", 5), ("dims/group", 40),
                 ("dims/area", 39), ("dims/area", 41), ("dims/area", 1), ("dims/area_name", 3),
                 ("dims/area_country", 50), ("dims/month", 0)]:
        alt.append(("%s n=%d" % (d, n), lambda f, d=d, n=n: replace(f, d, strings(n))))
    alt.append(("dims/month 7", lambda f: replace(f, "dims/month", np.arange(7, dtype="i4"))))
    alt.append(("dims/month 2d", lambda f: replace(f, "dims/month", np.zeros((2, 3), "i4"))))
    alt.append(("dims/group int", lambda f: replace(f, "dims/group", np.arange(4))))
    alt.append(("dims/area 2d", lambda f: replace(f, "dims/area", np.zeros((40, 2)))))
    for shape in [(2, 7, 40, 4), (2, 5, 40, 4), (3, 6, 40, 4), (1, 6, 40, 4), (2, 6, 41, 4),
                  (2, 6, 40, 3), (2, 6, 40, 5), (2, 6, 40), (2, 6, 40, 4, 1), (960,), (0, 6, 40, 4)]:
        alt.append(("metric shape %s" % (shape,),
                    lambda f, shape=shape: replace(f, m, np.zeros(shape, "i8"))))
    alt.append(("metric float32", lambda f: replace(f, m, np.zeros((2, 6, 40, 4), "f4"))))
    alt.append(("metric string", lambda f: replace(f, m, strings(960).reshape(2, 6, 40, 4))))
    alt.append(("metric scalar", lambda f: replace(f, m, 3.0)))
    for shape in [(2**20, 6, 40, 4), (2, 2**30, 40, 4), (2, 6, 2**20, 4), (2**40, 6, 40, 4)]:
        alt.append(("metric huge %s" % (shape,), lambda f, shape=shape: huge(f, m, shape, "i8")))
    # replicates: rows, fields, type
    rp = s + "/replicates"
    for n in [0, 1, 3, 100]:
        alt.append(("replicates n=%d" % n,
                    lambda f, n=n: replace(f, rp, compound_like(f[rp], n))))
    alt.append(("replicates int", lambda f: replace(f, rp, np.arange(2))))
    alt.append(("replicates 2d", lambda f: replace(f, rp, np.zeros((2, 2)))))
    alt.append(("replicates huge", lambda f: huge(f, rp, (2**40,), "i8")))
    alt.append(("replicates other fields",
                lambda f: replace(f, rp, np.zeros(2, dtype=[("seed", "f8"), ("x", "i4")]))))
    # episodes
    ep = s + "/episodes"
    alt.append(("episodes int", lambda f: replace(f, ep, np.arange(27))))
    alt.append(("episodes 2d", lambda f: replace(f, ep, np.zeros((27, 14), "i4"))))
    alt.append(("episodes few fields",
                lambda f: replace(f, ep, np.zeros(5, dtype=[("replicate", "i4"), ("area", "i4")]))))
    alt.append(("episodes huge", lambda f: huge(f, ep, (2**36,), "i8")))
    alt.append(("episodes bad values", lambda f: bad_episodes(f, ep)))
    alt.append(("episodes empty", lambda f: replace(f, ep, compound_like(f[ep], 0))))
    cu = s + "/cost_usd"
    alt.append(("cost_usd n=5", lambda f: replace(f, cu, np.zeros(5))))
    alt.append(("cost_usd huge", lambda f: huge(f, cu, (2**40,))))
    alt.append(("parameters int", lambda f: replace(f, s + "/parameters", np.arange(5))))
    alt.append(("parameters huge", lambda f: huge(f, s + "/parameters", (2**36,), "i8")))
    alt.append(("no scenarios", lambda f: f.__delitem__("scenarios")))
    alt.append(("scenario not a group",
                lambda f: (f.__delitem__(s), replace(f, s, np.zeros(3)))))
    alt.append(("format sweep", lambda f: set_attr(f, "/", "format", "crossings-sweep")))
    alt.append(("format int", lambda f: set_attr(f, "/", "format", 3)))
    return alt


def bad_episodes(f, ep):
    a = f[ep][...]
    for name in a.dtype.names:
        a[name] = -7 if a.dtype[name].kind in "iu" else a[name]
    if "area" in a.dtype.names:
        a["area"] = 1000
    replace(f, ep, a)


def sweep_alterations(shard):
    """(name, function) for a sweep file (a shard when SHARD)."""
    g = "sweep"
    alt = []
    ints = ["tasks", "points", "parameters", "design_points", "levels", "replicates",
            "summaries_from_month"]
    if shard:
        ints += ["shard_k", "shard_n"]
    for a in ints:
        for v in [0, 1, 2, 4, 7, 100, 2**40, -1]:
            alt.append(("%s=%d" % (a, v), lambda f, a=a, v=v: set_attr(f, g, a, np.int64(v))))
        alt.append(("%s=str" % a, lambda f, a=a: set_attr(f, g, a, "3")))
        alt.append(("%s=float" % a, lambda f, a=a: set_attr(f, g, a, 2.5)))
    for v in ["saltelli", "sobol", "grid", "latin", "nonsense", ""]:
        alt.append(("design=%s" % v, lambda f, v=v: set_attr(f, g, "design", v)))
    alt.append(("design int", lambda f: set_attr(f, g, "design", 3)))
    # a saltelli label with sizes that fit its own layout
    alt.append(("saltelli k=2 n=1", lambda f: (set_attr(f, g, "design", "saltelli"),
                                               set_attr(f, g, "design_points", np.int64(1)))))
    alt.append(("saltelli n=3", lambda f: (set_attr(f, g, "design", "saltelli"),
                                           set_attr(f, g, "design_points", np.int64(3)))))
    for v in [0, 3, 7, 100, -1]:
        alt.append(("months=%d" % v, lambda f, v=v: set_attr(f, "/", "months", np.int64(v))))
    T = lambda f: f[g + "/tasks"].shape[0]
    F = lambda f: f[g + "/summaries"].shape[1]
    P = lambda f: f[g + "/points"].shape[0]
    K = lambda f: f[g + "/points"].shape[1]
    for d in ["tasks", "task_runs", "summaries", "summary_names", "points", "points_text",
              "unit_points", "parameters", "design_text", "base"]:
        alt.append(("del " + d, lambda f, d=d: f.__delitem__(g + "/" + d)))
    su = g + "/summaries"
    for dt, df in [(1, 0), (-1, 0), (0, 1), (0, -1), (0, -24), (5, 5)]:
        alt.append(("summaries %+d,%+d" % (dt, df),
                    lambda f, dt=dt, df=df: replace(f, su, np.ones((T(f) + dt, F(f) + df)))))
    alt.append(("summaries 1d", lambda f: replace(f, su, np.ones(T(f) * F(f)))))
    alt.append(("summaries 3d", lambda f: replace(f, su, np.ones((T(f), F(f), 1)))))
    alt.append(("summaries int", lambda f: replace(f, su, np.ones((T(f), F(f)), "i4"))))
    alt.append(("summaries str", lambda f: replace(f, su, strings(T(f) * F(f)).reshape(T(f), F(f)))))
    alt.append(("summaries huge", lambda f: huge(f, su, (2**36, F(f)))))
    alt.append(("summaries huge cols", lambda f: huge(f, su, (T(f), 2**34))))
    sn = g + "/summary_names"
    for dn in [-1, 1, -24, 30]:
        alt.append(("summary_names %+d" % dn,
                    lambda f, dn=dn: replace(f, sn, strings(max(F(f) + dn, 0)))))
    alt.append(("summary_names int", lambda f: replace(f, sn, np.arange(F(f)))))
    tk = g + "/tasks"
    for dn in [-1, 1, 50]:
        alt.append(("tasks rows %+d" % dn,
                    lambda f, dn=dn: replace(f, tk, compound_like(f[tk], max(T(f) + dn, 0)))))
    alt.append(("tasks int", lambda f: replace(f, tk, np.arange(T(f)))))
    alt.append(("tasks 2d", lambda f: replace(f, tk, np.zeros((T(f), 6), "i8"))))
    alt.append(("tasks huge", lambda f: huge(f, tk, (2**36,), "i8")))
    alt.append(("tasks point out of range", lambda f: task_values(f, tk, "point", 10**6)))
    alt.append(("tasks point negative", lambda f: task_values(f, tk, "point", -3)))
    alt.append(("tasks task out of range", lambda f: task_values(f, tk, "task", 10**9)))
    alt.append(("tasks task repeated", lambda f: task_values(f, tk, "task", 0)))
    alt.append(("tasks no point field",
                lambda f: replace(f, tk, np.zeros(T(f), dtype=[("task", "i8"), ("seed", "i8")]))))
    tr = g + "/task_runs"
    for dn in [-1, 1, 40]:
        alt.append(("task_runs rows %+d" % dn,
                    lambda f, dn=dn: replace(f, tr, compound_like(f[tr], max(T(f) + dn, 0)))))
    alt.append(("task_runs int", lambda f: replace(f, tr, np.arange(T(f)))))
    alt.append(("task_runs huge", lambda f: huge(f, tr, (2**36,), "i8")))
    for name in ["points", "unit_points"]:
        d = g + "/" + name
        for dp, dk in [(1, 0), (-1, 0), (0, 1), (0, -1), (-5, 0)]:
            alt.append(("%s %+d,%+d" % (name, dp, dk),
                        lambda f, d=d, dp=dp, dk=dk: replace(f, d, np.ones((P(f) + dp, K(f) + dk)))))
        alt.append(("%s 1d" % name, lambda f, d=d: replace(f, d, np.ones(P(f) * K(f)))))
        alt.append(("%s int" % name, lambda f, d=d: replace(f, d, np.ones((P(f), K(f)), "i4"))))
        alt.append(("%s huge" % name, lambda f, d=d: huge(f, d, (2**36, K(f)))))
        alt.append(("%s equal" % name, lambda f, d=d: replace(f, d, np.ones((P(f), K(f))))))
    pt = g + "/points_text"
    for dp, dk in [(1, 0), (-1, 0), (0, 1), (0, -1)]:
        alt.append(("points_text %+d,%+d" % (dp, dk),
                    lambda f, dp=dp, dk=dk: replace(
                        f, pt, strings((P(f) + dp) * (K(f) + dk)).reshape(P(f) + dp, K(f) + dk))))
    alt.append(("points_text 1d", lambda f: replace(f, pt, strings(P(f) * K(f)))))
    pa = g + "/parameters"
    for dn in [-1, 1, 10]:
        alt.append(("parameters rows %+d" % dn,
                    lambda f, dn=dn: replace(f, pa, compound_like(f[pa], max(K(f) + dn, 0)))))
    alt.append(("parameters int", lambda f: replace(f, pa, np.arange(K(f)))))
    alt.append(("parameters huge", lambda f: huge(f, pa, (2**36,), "i8")))
    if shard:
        se = g + "/series/population"
        for shape in [(2, 6, 40, 4), (3, 7, 40, 4), (3, 6, 41, 4), (3, 6, 40, 3), (3, 6, 40),
                      (3,)]:
            alt.append(("series shape %s" % (shape,),
                        lambda f, shape=shape: replace(f, se, np.zeros(shape, "i8"))))
        alt.append(("series huge", lambda f: huge(f, se, (2**30, 6, 40, 4), "i8")))
        alt.append(("series del", lambda f: f.__delitem__(se)))
        alt.append(("series str", lambda f: replace(f, se, strings(3))))
        for d, n in [("dims/group", 3), ("dims/group", 5), ("dims/area", 39), ("dims/area", 41)]:
            alt.append(("%s n=%d" % (d, n), lambda f, d=d, n=n: replace(f, d, strings(n))))
    return alt


def task_values(f, path, field, v):
    a = f[path][...]
    if field in a.dtype.names:
        a[field] = v
    replace(f, path, a)


SEAL_MAX_BYTES = 256 << 20  # larger (sparse) variants stay unsealed: refused by their length


def seal(bin_, path):
    if os.path.getsize(path) <= SEAL_MAX_BYTES:
        subprocess.run([bin_, "seal", path], capture_output=True)


def make_variants(bin_, work, n_flip, n_struct, n_crafted, rng):
    """A list of (kind, label, path)."""
    srcs = {"run": os.path.join(work, "run.h5"), "sweep": os.path.join(work, "sweep.h5"),
            "shard": os.path.join(work, "p1.h5")}
    vdir = os.path.join(work, "variants")
    os.makedirs(vdir, exist_ok=True)
    out = []
    kinds = ["run", "sweep", "shard"]
    for i in range(n_flip):
        kind = kinds[i % 3]
        dst = os.path.join(vdir, "flip%04d.h5" % i)
        flip(srcs[kind], dst, rng)
        out.append((kind, "flip", dst))
    pool = [("run", a) for a in run_alterations()] + \
           [("sweep", a) for a in sweep_alterations(False)] + \
           [("shard", a) for a in sweep_alterations(True)]
    rng.shuffle(pool)
    pool = pool[:n_struct]
    for i, (kind, (label, fn)) in enumerate(pool):
        dst = os.path.join(vdir, "alt%04d.h5" % i)
        shutil.copy(srcs[kind], dst)
        try:
            with h5py.File(dst, "r+") as f:
                fn(f)
        except Exception as e:  # an alteration h5py refuses: keep what was done
            print("note: %s: %s: %s" % (label, type(e).__name__, e))
        seal(bin_, dst)
        out.append((kind, label, dst))
    for i in range(n_crafted):
        kind = kinds[i % 3]
        dst = os.path.join(vdir, "crafted%04d.h5" % i)
        flip(srcs[kind], dst, rng)
        seal(bin_, dst)
        out.append((kind, "crafted", dst))
    return out


# ---- replay -------------------------------------------------------------------------------

def commands(bin_, kind, path, work, tag):
    """(name, argv, final outputs) for every reader of a variant of KIND."""
    o = os.path.join(work, "out", tag)
    os.makedirs(o, exist_ok=True)
    cmds = [("compare", [bin_, "compare", path], []),
            ("export", [bin_, "export", path, "--csv", o + "/csv"], [o + "/csv/*"]),
            ("summarize", [bin_, "summarize", path], []),
            ("report", [bin_, "report", path, "-o", o + "/r.html"] +
             (["--output", OUTPUT] if kind != "run" else []), [o + "/r.html"])]
    if kind == "sweep":
        cmds.append(("sensitivity", [bin_, "sensitivity", path, "--output", OUTPUT], []))
    if kind == "shard":
        other = os.path.join(work, "p2.h5")
        cmds.append(("merge", [bin_, "merge", path, other, "-o", o + "/m.h5"], [o + "/m.h5"]))
    return o, cmds


def where_crashed(text):
    """'libhdf5' or 'ours' (or 'unknown') from a sanitizer report or a gdb backtrace.
    An overflow of a heap buffer is ours when we allocated it (libhdf5 filled
    a buffer we sized too small)."""
    if "heap-buffer-overflow" in text and "allocated by" in text:
        text = text[text.index("allocated by"):]
    frames = [l for l in text.splitlines() if l.strip().startswith("#")]
    for l in frames:
        if any(s in l for s in ["libasan", "libubsan", "libc.so", "libc-", "__GI_", "raise",
                                "sysdeps/", "__memmove", "__memcpy", "__memset",
                                "abort", "__interceptor", "__asan", "__sanitizer",
                                "sigaction", "<signal handler"]):
            continue
        return "libhdf5" if "libhdf5" in l or " H5" in l else "ours"
    return "unknown"


def backtrace(argv):
    try:
        r = subprocess.run(["gdb", "-batch", "-nx", "-ex", "run", "-ex", "bt", "--args"] + argv,
                           capture_output=True, text=True, timeout=TIMEOUT)
        return r.stdout + r.stderr
    except Exception:
        return ""


def is_sanitized(bin_):
    r = subprocess.run(["ldd", bin_], capture_output=True, text=True)
    return "libasan" in r.stdout


def limit_memory():
    lim = MEMORY_MB << 20
    resource.setrlimit(resource.RLIMIT_AS, (lim, lim))


def run_one(argv, env, sanitized):
    """(exit code or 'timeout', stderr)."""
    try:
        r = subprocess.run(argv, capture_output=True, text=True, timeout=TIMEOUT, env=env,
                           errors="replace", preexec_fn=None if sanitized else limit_memory)
        return r.returncode, r.stderr
    except subprocess.TimeoutExpired:
        return "timeout", ""


def replay_variant(bin_, work, variant, env, sanitized):
    """(stats, where, failures) of one variant through every reader."""
    kind, label, path = variant
    stats, where, failures = collections.Counter(), collections.Counter(), []
    tag = os.path.basename(path)[:-3]
    o, cmds = commands(bin_, kind, path, work, tag)
    for name, argv, finals in cmds:
        stats["runs"] += 1
        rc, err = run_one(argv, env, sanitized)
        stats["exit %s" % rc] += 1
        problems = []
        sanitizer = "ERROR: AddressSanitizer" in err or "runtime error:" in err
        # a request the allocator refused (a warning, then a clean failure)
        stats["allocations refused"] += err.count("AddressSanitizer failed to allocate")
        if rc == "timeout":
            stats["hangs"] += 1
            problems.append("no end within %d s" % TIMEOUT)
        elif rc not in (0, 1, 2) or sanitizer:
            stats["crashes"] += 1
            if not (sanitizer or sanitized):
                err += "\n" + backtrace(argv)  # its frames go with the failure below
            w = where_crashed(err)
            where[w] += 1
            if label == "crafted" and w == "libhdf5":
                stats["crafted crashes in libhdf5"] += 1
            else:
                problems.append("crash (exit %s, %s)" % (rc, w))
        if rc != 0:
            left = [p for pat in finals for p in glob.glob(pat) if ".tmp-" not in p]
            if left:
                stats["output left"] += 1
                problems.append("output left under its final name: %s" % left)
        tmps = [p for p in glob.glob(o + "/**", recursive=True) if ".tmp-" in p]
        if tmps:
            stats["temp left"] += 1
            problems.append("temporary files left: %s" % tmps)
        if problems:
            msg = "FAILED: %s %s (%s %s): %s" % (name, path, kind, label, "; ".join(problems))
            lines = err.strip().splitlines()
            frames = [l.strip() for l in lines if l.strip().startswith("#")][:6]
            tail = "\n".join(lines[:3] + frames)
            failures.append(msg + ("\n    " + tail.replace("\n", "\n    ") if tail else ""))
        shutil.rmtree(o, ignore_errors=True)
        os.makedirs(o, exist_ok=True)
    shutil.rmtree(o, ignore_errors=True)
    return stats, where, failures


def replay(bin_, work, variants):
    sanitized = is_sanitized(bin_)
    env = dict(os.environ)
    # leaks are not crashes; a huge request fails like malloc does, instead of aborting
    env["ASAN_OPTIONS"] = "detect_leaks=0:allocator_may_return_null=1:" \
        "max_allocation_size_mb=%d:" % MEMORY_MB + env.get("ASAN_OPTIONS", "")
    env["UBSAN_OPTIONS"] = "print_stacktrace=1:" + env.get("UBSAN_OPTIONS", "")
    stats, where, failures = collections.Counter(), collections.Counter(), []
    with ThreadPoolExecutor(max_workers=2) as pool:
        for s, w, f in pool.map(lambda v: replay_variant(bin_, work, v, env, sanitized),
                                variants):
            stats.update(s)
            where.update(w)
            failures.extend(f)
    return stats, where, failures


def main():
    bin_, work, n_flip, n_struct = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    n_crafted = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    rng = random.Random(SEED)
    variants = make_variants(bin_, work, n_flip, n_struct, n_crafted, rng)
    stats, where, failures = replay(bin_, work, variants)
    for f in failures:
        print(f)
    by_kind = collections.Counter((k, l if l in ("flip", "crafted") else "altered")
                                  for k, l, _ in variants)
    print("variants: %d (%s)" % (len(variants), ", ".join(
        "%s %s %d" % (k, l, n) for (k, l), n in sorted(by_kind.items()))))
    print("runs: %d" % stats["runs"])
    print("exits: " + ", ".join("%s: %d" % (k[5:], v) for k, v in sorted(stats.items())
                                if k.startswith("exit ")))
    print("crashes: %d (inside libhdf5: %d, in our code: %d, unknown: %d)" % (
        stats["crashes"], where["libhdf5"], where["ours"], where["unknown"]))
    if n_crafted:
        print("crashes inside libhdf5 on crafted (flipped, then sealed) files, not failures: %d"
              % stats["crafted crashes in libhdf5"])
    print("hangs (no end within %d s): %d" % (TIMEOUT, stats["hangs"]))
    print("allocations over %d MB refused (sanitizer build; not failures): %d" % (
        MEMORY_MB, stats["allocations refused"]))
    print("outputs left after a failure: %d, temporary files left: %d" % (
        stats["output left"], stats["temp left"]))
    failed = len(failures)
    print("%d passed, %d failed" % (stats["runs"] - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
