"""Every parameter of the table must change some output (issue 13, item 7).

Each row of `crossings params --text` is moved, one at a time, to another value
inside its allowed range, and the run's outputs (every metric series and the
episode table, as digested by series_digest.py) are compared with the run
without the move. A row that changes nothing is inert: a parameter the model
reads nowhere, or reads only where nothing follows from it. The test fails on
every inert row not listed below, and on every listed row that now acts (so
the lists stay true).

Plain rows are compared against the shipped baseline. Intervention and shock
rows act only when their intervention or shock is listed: they are compared
against the same intervention listed with its defaults from month 0. The
`active` row of each is the comparison of that reference against the baseline.
The run settings (run.*) cannot differ between scenarios of one run, so each
of their moves is a run of its own.

A row that changes nothing in the small first pass (one move each) is tried
again in a larger, longer second pass, with its first two moves (for a number,
halfway to either bound; for a choice, two other names), before it is called
inert. A few rows act only beside another setting (CONTEXTS): they are moved,
and compared, with that setting made. The rows of KNOWN_INERT are tried in the
first pass only (to keep the test short while the list is long).

usage: param_liveness.py CROSSINGS SOURCE_DIR TMPDIR [--drop-exception ROW]...
(--drop-exception tries an exception's row like any other). For debugging:
LIVENESS_ROWS=FILE tries only the rows listed in FILE, LIVENESS_FIRST_PASS=2
starts at the second pass, LIVENESS_PASSES=1 stops after the first.
"""
import os
import re
import subprocess
import sys
import time

import h5py

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from series_digest import scenario_digest  # noqa: E402

# Rows that justly change no output, each with its reason.
EXCEPTIONS = {
    "population.data_dir": "a path: the folder of the origin-area tables; one set of "
    "tables is shipped, and pointing at other tables tests those tables, not the row",
    "population.minority_default_share": "a fallback for an areas.csv without "
    "minority_share; the shipped table gives it for all 40 areas",
    # settings `crossings validate` refuses (exit 2) where they cannot apply
    "interventions.regular_channel_reform.cost_per_person_usd": "refused unless 0: a rule reaches no one in particular, so no cost is counted",
    "interventions.labour_inspection.cost_per_person_usd": "refused unless 0: a rule reaches no one in particular",
    "interventions.victim_friendly_identification.cost_per_person_usd": "refused unless 0: a rule reaches no one in particular",
    "interventions.shelter_reform.cost_per_person_usd": "refused unless 0: a rule reaches no one in particular",
    "interventions.recruiter_regulation.cost_per_person_usd": "refused unless 0: a rule reaches no one in particular",
    "interventions.decent_local_work.cost_per_person_usd": "refused unless 0: a rule reaches no one in particular",
    "interventions.migration_ban.cost_per_person_usd": "refused unless 0: a ban reaches no one in particular",
    "interventions.migration_ban.coverage": "refused unless 1: a ban applies to all its target",
    "interventions.decent_local_work.coverage": "refused unless 1: wages change for all of an area",
    "interventions.recruiter_regulation.target.sex": "refused: enforcement falls on recruiters, who have no sex in the model",
    "interventions.recruiter_regulation.target.min_age": "refused: enforcement falls on recruiters, not persons",
    "interventions.recruiter_regulation.target.max_age": "refused: enforcement falls on recruiters, not persons",
    "interventions.recruiter_regulation.target.group": "refused: enforcement falls on recruiters, not persons",
    "interventions.decent_local_work.target.min_age": "refused: a wage is the area's, for all ages",
    "interventions.decent_local_work.target.max_age": "refused: a wage is the area's, for all ages",
    "interventions.decent_local_work.target.group": "refused: a wage is the area's, for every group",
}

# KNOWN_INERT: rows found inert by this test on the current model (a finding,
# NOT a justification). Each must be made to act or removed from the table;
# then delete its line here (the test fails while a listed row acts).
KNOWN_INERT = {
}

# Rows that act only beside another setting, moved (and compared) with it set:
# an elasticity to a fee and wait at their reference values multiplies by 1.
REFORM = "interventions:\n  - type: regular_channel_reform\n    start_month: 0\n"
CONFLICT = "shocks:\n  - type: conflict\n    start_month: 0\n"
REGULATION = "interventions:\n  - type: recruiter_regulation\n    start_month: 0\n"
SCARCE = ("recruiters:\n  brokers_per_100k: 100\n  kin_per_100k: 200\n  online_per_100k: 100\n"
          "  broker_reach: 0.01\n  kin_reach: 0.01\n  online_reach: 0.01\n")
NAMED = ("exits:\n  hotline_hazard: 6\n"
         "recruiters:\n  naming_share: 1\n  named_hazard: 100\n")
CONTEXTS = {
    # the market's reach of men matters only for a campaign held at markets
    "interventions.awareness_campaign.market_men_share": "    venue: market\n",
    # documents are lost only where a conflict shock escalates
    "documents.conflict_loss_hazard": CONFLICT,
    # entrants answer enforcement only where it rises
    "recruiters.entrant_deception_enforcement": REGULATION,
    # a licensed agency is sanctioned only once victims of the regular
    # channel are identified and name it: none are at test scale, so here
    # identification is frequent and every naming sanctions
    "recruiters.sanctioned_go_informal": NAMED,
    # a seeker asks another recruiter only when the first is full, and there
    # is another only where an area has several (many at test scale here)
    "recruiters.max_asks": SCARCE,
    "channel.regular_fee_elasticity": REFORM,
    "channel.regular_wait_elasticity": REFORM,
    # the gain of a training nobody is given unless shelters offer it
    "reintegration.higher_return_gain": "shelter:\n  training: higher_return\n",
}

# The test scale: small and short (pass 1), then larger and longer for the rows
# that changed nothing (pass 2).
PASSES = [
    {"scale": 0.001, "months": 36, "replicates": 1},
    {"scale": 0.003, "months": 72, "replicates": 1},
]
BATCH = 40  # scenarios per `crossings run` call

# Valid alternatives for the text rows (area and sector lists) and path rows.
AREAS_MOVED = ["KH-14", "KH-3", "KH-8", "KH-21", "MM-01", "MM-17", "MM-13"]
SECTORS_MOVED = {
    "interventions.labour_inspection.sectors": ["construction", "agriculture"],
    "interventions.migration_ban.sectors": ["fishing", "construction", "domestic"],
}


def read_rows(binary):
    """Rows of `crossings params --text`: path, kind, default, range or names."""
    text = subprocess.run([binary, "params", "--text"], check=True, capture_output=True,
                          text=True).stdout.splitlines()
    rows = []
    for i in range(0, len(text), 3):
        head, allowed = text[i], text[i + 2]
        path = head.split()[0]
        rest = head[max(len(path) + 1, 43):]
        value = "" if rest.startswith(" ") else rest.split(" ", 1)[0]
        rows.append(parse_allowed(path, value, allowed))
    return rows


def parse_allowed(path, value, allowed):
    """One row from its path, its default as printed and its `allowed:` line."""
    rule = allowed.split("allowed: ", 1)[1].rsplit("; source:", 1)[0]
    row = {"path": path, "default": value}
    m = re.match(r"a (whole )?number from (\S+) to (\S+)$", rule)
    if m:
        row.update(kind="int" if m.group(1) else "double", min=float(m.group(2)),
                   max=float(m.group(3)))
    elif rule == "true or false":
        row["kind"] = "bool"
    elif rule.startswith("one of: "):
        row.update(kind="enum", names=rule[len("one of: "):].split(", "))
    elif rule.startswith("a file or folder path"):
        row["kind"] = "path"
    elif rule.startswith("text of"):
        row["kind"] = "text"
    else:
        raise ValueError(f"{path}: unknown allowed rule '{rule}'")
    return row


def numeric_moves(row, months):
    """Candidate values for a number: halfway to the farther bound, then halfway
    to the nearer; a window's month moves to a third of the run (where it acts)."""
    d = float(row["default"])
    if row["path"].endswith((".start_month", ".end_month")):
        return [months // 3]
    if row["path"].endswith(".target.max_age"):
        return [14, 55]  # below working age: halfway (55) misses the young targets of most
    lo, hi = row["min"], row["max"]
    far, near = (hi, lo) if hi - d >= d - lo else (lo, hi)
    out = []
    for bound in (far, near):
        v = d + (bound - d) / 2
        if row["kind"] == "int":
            v = round(v)
            v = v if v != d else d + (1 if bound > d else -1)
            if not lo <= v <= hi:
                continue
        v = int(v) if row["kind"] == "int" else float(f"{v:.6g}")
        if v != d:
            out.append(v)
    return out


def moves(row, src, months):
    """Every candidate value of a row other than its default, best first."""
    kind, path = row["kind"], row["path"]
    special = {
        "run.seed": [7],
        "run.months": [months + 12],
        "run.replicates": [2],
        "run.scale": [0.002],
        "run.start_year": [2030],
        "population.destinations": [os.path.join(src, "scenarios/data/destinations_region.csv")],
        "interventions.labour_inspection.destinations": [["CN"]],
    }
    if path in special:
        return special[path]
    if kind in ("int", "double"):
        return numeric_moves(row, months)
    if kind == "bool":
        return [row["default"] != "true"]
    if kind == "enum":
        return [n for n in row["names"] if n != row["default"]]
    if kind == "text" and path.endswith(".areas"):
        return [AREAS_MOVED]
    if kind == "text" and path in SECTORS_MOVED:
        return [SECTORS_MOVED[path]]
    return []


def yaml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return "[" + ", ".join(v) + "]"
    if isinstance(v, float):
        return repr(v)
    return str(v)


def policy_of(path):
    """('interventions', type, rest) for an intervention or shock row, else None."""
    parts = path.split(".")
    if parts[0] in ("interventions", "shocks"):
        return parts[0], parts[1], parts[2:]
    return None


def scenario_text(name, base, path, value, context=""):
    """A scenario file moving one row (value None: the reference itself)."""
    # context lines indented by four spaces are settings of the row's own
    # intervention (e.g. its venue); the others are sections of the scenario
    item = [c for c in context.splitlines() if c.startswith("    ")]
    lines = [f"base: {base}", f"name: {name}"] + [
        c for c in context.splitlines() if not c.startswith("    ")]
    pol = policy_of(path) if path else None
    if pol:
        group, kind, rest = pol
        lines += [f"{group}:", f"  - type: {kind}"] + item
        if rest != ["start_month"]:
            lines.append("    start_month: 0")
        if rest != ["active"] and value is not None:
            indent = "    "
            for key in rest[:-1]:
                lines.append(f"{indent}{key}:")
                indent += "  "
            lines.append(f"{indent}{rest[-1]}: {yaml_value(value)}")
    elif path and value is not None:
        parts = path.split(".")
        row = "  " * (len(parts) - 1) + f"{parts[-1]}: {yaml_value(value)}"
        if len(parts) == 2 and f"{parts[0]}:" in lines:  # into the context's own section
            lines.insert(lines.index(f"{parts[0]}:") + 1, row)
        else:
            for depth, key in enumerate(parts[:-1]):
                lines.append("  " * depth + f"{key}:")
            lines.append(row)
    return "\n".join(lines) + "\n"


def reference_of(path):
    """Name of the scenario a row's move is compared against."""
    if path in CONTEXTS:
        return "ctx_" + path.replace(".", "_")
    pol = policy_of(path)
    if pol is None or pol[2] == ["active"]:
        return "base"
    return f"ref_{pol[1]}"


def validates(binary, file):
    return subprocess.run([binary, "validate", file], capture_output=True).returncode == 0


def write_pass(binary, src, rows, folder, settings, which):
    """Write the scenarios of one pass; return {row path: [(name, value, ref)]}
    and the list of rows whose every move is refused."""
    os.makedirs(folder, exist_ok=True)
    base = os.path.join(folder, "base.yaml")
    with open(base, "w") as f:
        # two years before the start, not fifteen: enough for every mechanism
        # to act, at a fraction of the time (start.spinup_years is moved too)
        f.write(f"base: {os.path.join(src, 'scenarios/baseline.yaml')}\nname: base\n"
                "start:\n  spinup_years: 2\nrun:\n")
        f.writelines(f"  {k}: {v}\n" for k, v in settings.items())
    plan, refused, refs = {}, [], set()
    for i, row in enumerate(rows):
        cands = moves(row, src, settings["months"])
        if row["path"].endswith(".active") and policy_of(row["path"]):
            cands = [True]
        chosen = []
        for j, value in enumerate(cands):
            name = f"r{i}_{j}"
            file = os.path.join(folder, name + ".yaml")
            with open(file, "w") as f:
                f.write(scenario_text(name, "base.yaml", row["path"], value,
                                      CONTEXTS.get(row["path"], "")))
            if validates(binary, file):
                chosen.append((name, value, reference_of(row["path"])))
                if len(chosen) == which:
                    break
        if not chosen:
            refused.append(row["path"])
        plan[row["path"]] = chosen
        refs.update(ref for _, _, ref in chosen)
    for path in CONTEXTS:
        ref = reference_of(path)
        if ref in refs:
            with open(os.path.join(folder, ref + ".yaml"), "w") as f:
                f.write(scenario_text(ref, "base.yaml", path, None, CONTEXTS[path]))
    for ref in refs - {"base"} - {reference_of(p) for p in CONTEXTS}:
        group = "shocks" if ref[4:] in SHOCKS else "interventions"
        with open(os.path.join(folder, ref + ".yaml"), "w") as f:
            f.write(scenario_text(ref, "base.yaml", f"{group}.{ref[4:]}.active", True))
    return plan, refused


SHOCKS = ("flood", "conflict", "border_closure", "demand_change")


def run_batch(binary, folder, names, out):
    files = [os.path.join(folder, n + ".yaml") for n in names]
    subprocess.run([binary, "run", *files, "-q", "-o", out], check=True)
    with h5py.File(out, "r") as f:
        return {n: scenario_digest(f, n) for n in names}


def digests(binary, folder, plan):
    """Run every scenario of a plan; the run settings' moves each alone."""
    shared = sorted({"base"} | {ref for c in plan.values() for _, _, ref in c})
    alone = [n for p, c in plan.items() if p.startswith("run.") for n, _, _ in c]
    rest = [n for p, c in plan.items() if not p.startswith("run.") for n, _, _ in c]
    out = run_batch(binary, folder, shared, os.path.join(folder, "refs.h5"))
    for k in range(0, len(rest), BATCH):
        chunk = rest[k:k + BATCH]
        out.update(run_batch(binary, folder, chunk, os.path.join(folder, f"b{k}.h5")))
    for n in alone:
        out.update(run_batch(binary, folder, [n], os.path.join(folder, n + ".h5")))
    return out


def inert_rows(binary, src, rows, folder, settings, which):
    """Rows none of whose moves changes an output; and rows with no valid move."""
    plan, refused = write_pass(binary, src, rows, folder, settings, which)
    dig = digests(binary, folder, plan)
    inert = [p for p, c in plan.items()
             if c and all(dig[n] == dig[ref] for n, _, ref in c)]
    return inert, refused, plan


def main(binary, src, tmp, dropped):
    exceptions = {k: v for k, v in EXCEPTIONS.items() if k not in dropped}
    rows = read_rows(binary)
    t0 = time.time()
    todo = [r for r in rows if r["path"] not in exceptions]
    only = os.environ.get("LIVENESS_ROWS")  # a file of rows: try only those (debugging)
    if only:
        keep = set(open(only).read().split())
        todo = [r for r in todo if r["path"] in keep]
    tried = {r["path"] for r in todo}
    inert, known, refused, plans = [], set(), [], {}
    first = int(os.environ.get("LIVENESS_FIRST_PASS", 1)) - 1
    for k, settings in list(enumerate(PASSES))[first:]:
        folder = os.path.join(tmp, f"pass{k + 1}")
        inert, ref_k, plan = inert_rows(binary, src, todo, folder, settings, k + 1)
        plans.update(plan)
        refused += ref_k
        print(f"pass {k + 1} ({settings}): {len(todo)} rows, {len(inert)} changed no output "
              f"({time.time() - t0:.0f} s)")
        print("  unchanged: " + " ".join(inert))
        # The known inert rows are not tried again at the larger scale (it would
        # double the test's time); once a line of KNOWN_INERT goes, its row is.
        known |= {p for p in inert if p in KNOWN_INERT}
        todo = [r for r in todo if r["path"] in inert and r["path"] not in KNOWN_INERT]
        if not todo or k + 1 == int(os.environ.get("LIVENESS_PASSES", len(PASSES))):
            break
    return report(rows, tried, set(inert) | known, refused, exceptions, plans)


def report(rows, tried, inert, refused, exceptions, plan):
    """Print every problem; 1 when there is any."""
    paths = {r["path"] for r in rows}
    bad = 0
    for p in refused:
        print(f"NO VALID MOVE: {p} (every candidate value was refused)")
        bad += 1
    for p in sorted(inert):
        if p not in KNOWN_INERT:
            print(f"INERT: {p} (moved to {', '.join(str(v) for _, v, _ in plan[p])})")
            bad += 1
    for p in sorted(set(KNOWN_INERT) & tried - set(inert)):
        print(f"STALE KNOWN_INERT: {p} now acts: delete its line")
        bad += 1
    for p in sorted((set(exceptions) | set(KNOWN_INERT)) - paths):
        print(f"STALE: {p} is listed but no longer a row of the table")
        bad += 1
    print(f"{len(rows)} rows: {len(exceptions)} exceptions, {len(KNOWN_INERT)} known inert, "
          f"{bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    args = sys.argv[1:]
    drop = [args[i + 1] for i, a in enumerate(args) if a == "--drop-exception"]
    sys.exit(main(args[0], args[1], args[2], drop))
