#!/usr/bin/env python3
"""Checks a run folder's lead-time section against its results.json.

Reads `report.html` and `results.json` of a run that predicts (a spec with `prediction:`, e.g.
Scenarios/suites/slow-burn.yaml) and compares every cell of the section's test- and train-seed tables with the
pooled record of the same model (`dataset: pooled (<role> seeds)`, no group): warned failures =
`predicted_failures`, median/p10/p90 lead = `lead_time_median_s`/`lead_time_p10_s`/`lead_time_p90_s`, precision
and recall = `prediction_precision`/`prediction_recall` (at the run's Δt_l). An undefined record must print `n/a`.
Exits 1 on any mismatch.

    python3 docs/lead_time_check.py /tmp/leadreport-run
"""
import html
import json
import re
import sys

COLUMNS = ["predicted_failures", "lead_time_median_s", "lead_time_p10_s", "lead_time_p90_s",
           "prediction_precision", "prediction_recall"]


def main(run):
    result = json.load(open(f"{run}/results.json"))
    page = open(f"{run}/report.html").read()
    start = page.index('<section id="lead-time">')
    section = page[start:page.index("</section>", start)]
    records = {(r["dataset"], r["model"], r["metric"]): r.get("value")
               for r in result["metrics"] if r["dataset"].startswith("pooled") and not r.get("group")}
    checked = bad = 0
    for role, marker in [("test", "<h3>Test seeds (pooled)</h3>"), ("train", "<h3>Train seeds (pooled)</h3>")]:
        if marker not in section:
            continue
        part = section[section.index(marker):]
        part = part[:part.index("</table>")]
        for row in re.findall(r"<tr><td>.*?</tr>", part):
            cells = re.findall(r'<td(?: data-v="([^"]*)")?>([^<]*)</td>', row)
            model = html.unescape(cells[0][1])
            for (value, text), metric in zip(cells[2:8], COLUMNS):
                want = records[(f"pooled ({role} seeds)", model, metric)]
                checked += 1
                if want is None:
                    ok = value == "" and text == "n/a"
                else:
                    ok = value != "" and abs(float(value) - want) <= 1e-9 * max(1.0, abs(want))
                if not ok:
                    bad += 1
                    print(f"MISMATCH {role} {model} {metric}: report {text!r} (data-v {value!r}), results.json {want}")
    print(f"{checked} cells checked, {bad} mismatches")
    return 1 if bad or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
