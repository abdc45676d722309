"""Benchmark: sealing with a local time-stamp authority (PAdES B-LTA), against a bare WeasyPrint render.

    .venv/bin/python bench/sealing.py [--renders 15]

Serves the test PKI (tests/records/pki.yml: a root and an issuing CA, OCSP, CRLs and an RFC 3161 time-stamp
authority) with certomancer's animator on 127.0.0.1, in a process of its own as an authority is (its work is not
this process's), and seals with its certificate, as production would with the organisation's. Then, alternating
so that drift on the machine hits both alike, it times N times:

- **sealing** as the service seals a decision's Part 1 (``records.sealing.seal_form``): the template, WeasyPrint
  (tagged PDF/A-3u and PDF/UA-1), the certified signature with its time-stamp, the validation data and a document
  time-stamp;
- **bare WeasyPrint**: ``weasyprint.HTML(string=html).write_pdf()`` of the same HTML, nothing else.

Each starts with the garbage of the one before collected (not timed), so that neither pays for the other's: the
render alone pays for its own collections as it goes; sealing pauses the collector and leaves its garbage to be
collected after it, as the worker does.

It prints both medians and their ratio, whose floor is ≤ 1.3, and the same ratio in processor time (which other
work on a shared machine does not disturb). Runs on its own SQLite database in a temporary folder;
touches nothing else.
"""

import argparse
import gc
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FLOOR = 1.3


def _serve_pki(folder: Path, answer) -> None:
    """In a process of its own, as an authority is: serve the test PKI and say where, until terminated."""
    from tests.records.pki import start_pki

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    pki = start_pki(folder)
    answer.send(
        {
            "tsa_url": pki.tsa_url,
            "key_file": pki.key_file,
            "cert_file": pki.cert_file,
            "chain_file": pki.chain_file,
            "trust_file": pki.trust_file,
        }
    )
    pki.thread.join()


def setup_environment(folder: Path):
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    authority = context.Process(target=_serve_pki, args=(folder / "pki", send), daemon=True)
    authority.start()
    pki = receive.recv()
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
            "SIGNING_KEY_FILE": str(pki["key_file"]),
            "SIGNING_CERT_FILE": str(pki["cert_file"]),
            "SIGNING_CHAIN_FILE": str(pki["chain_file"]),
            "SIGNING_TRUST_FILE": str(pki["trust_file"]),
            "SIGNING_TSA_URL": pki["tsa_url"],
            "SEALED_ROOT": str(folder / "sealed"),
            "MEDIA_ROOT": str(folder / "media"),
            "STATIC_ROOT": str(folder / "static"),
            "LOG_LEVEL": "WARNING",
        }
    )
    (folder / "static").mkdir()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0, quiet=True)
    return authority


def bench(renders: int) -> dict:
    import weasyprint

    from decisions.models import Decision
    from records.models import DocumentVariant
    from records.pdf import render_decision_html
    from records.sealing import seal_form
    from records.signing import planned_level

    decision = Decision.objects.get(reference="PCD 1838")
    html = render_decision_html(decision, include_part_2=False)

    def seal():
        # What sealing does for each form (records.sealing.seal_form): the template, the render and the seal.
        form = seal_form(decision, DocumentVariant.PART_1)
        return form.sealed, form.page_count

    # Warm both paths (fonts, caches, the authority's connection and validation data) before timing.
    sealed, pages = seal()
    weasyprint.HTML(string=html).write_pdf()
    sealing_times, bare_times, sealing_cpu, bare_cpu = [], [], [], []
    for _ in range(renders):
        # Each from the same start: the garbage of the one before collected first, so that neither pays for the
        # other's (the collector's timing otherwise moves the ratio by a fifth from one run to the next).
        gc.collect()
        started, cpu = time.perf_counter(), time.process_time()
        sealed, pages = seal()
        sealing_times.append(time.perf_counter() - started)
        sealing_cpu.append(time.process_time() - cpu)
        gc.collect()
        started, cpu = time.perf_counter(), time.process_time()
        weasyprint.HTML(string=html).write_pdf()
        bare_times.append(time.perf_counter() - started)
        bare_cpu.append(time.process_time() - cpu)
    sealing, bare = statistics.median(sealing_times), statistics.median(bare_times)
    return {
        "level": sealed.level,
        "planned": planned_level(),
        "timestamped": sealed.signature_timestamp is not None and sealed.archive_timestamp is not None,
        "pages": pages,
        "sealing_median_s": sealing,
        "bare_median_s": bare,
        "ratio": sealing / bare,
        # Processor time of this process (the authority's thread included): what other work on the machine
        # does not change.
        "cpu_ratio": statistics.median(sealing_cpu) / statistics.median(bare_cpu),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--renders", type=int, default=15)
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="pgd-bench-sealing-"))
    pki = None
    try:
        pki = setup_environment(folder)
        result = bench(options.renders)
    finally:
        if pki is not None:
            pki.terminate()
            pki.join()
        shutil.rmtree(folder, ignore_errors=True)
    print(f"PCD 1838 Part 1: {result['pages']} pages, {options.renders} seals, local time-stamp authority")
    print(f"  sealing median         {result['sealing_median_s'] * 1000:8.1f} ms (PAdES {result['level']})")
    print(f"  bare WeasyPrint median {result['bare_median_s'] * 1000:8.1f} ms (same HTML)")
    print(f"  ratio sealing/bare     {result['ratio']:8.2f}   (floor: ≤ {FLOOR:.2f})")
    print(f"  processor time ratio   {result['cpu_ratio']:8.2f}   (the same, in this process's processor time)")
    ok = result["ratio"] <= FLOOR and result["level"] == "B-LTA" and result["timestamped"]
    print("floor met" if ok else "FLOOR NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
