"""Benchmark: sealed decision PDFs.

    .venv/bin/python bench/pdf.py [--renders 10] [--seconds 5]

1. Renders the demo PCD 1838 as a sealed PDF (template → WeasyPrint, tagged PDF/A-3u and PDF/UA-1 → PAdES B-B
   signature, no time-stamp authority) N times and reports the median, against bare WeasyPrint on the same HTML:
   the ratio must stay ≤ 1.3 (it was ≤ 1.2 before the PDFs were tagged; bench/sealing.py measures sealing with a
   time-stamp authority, PAdES B-LTA, against the same floor).
2. Serves the project with gunicorn on 127.0.0.1 and measures, over keep-alive HTTP from client threads on
   this machine, the request rate of downloading the sealed PCD 1838 (published, so public) against a trivial
   view (/healthz): the ratio must stay ≥ 0.5.

Runs on its own SQLite database and signing certificate in a temporary folder; touches nothing else.
"""

import argparse
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_environment(folder: Path) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
            "SIGNING_KEY_FILE": str(folder / "key.pem"),
            "SIGNING_CERT_FILE": str(folder / "cert.pem"),
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
    call_command("make_signing_certificate", verbosity=0)
    call_command("load_demo", verbosity=0, quiet=True)
    call_command("seal_pending", verbosity=0)


def bench_render(renders: int) -> dict:
    import weasyprint

    from decisions.models import Decision
    from records.pdf import render_decision_html, render_pdf
    from records.signing import sign_pdf

    decision = Decision.objects.get(reference="PCD 1838")
    html = render_decision_html(decision, include_part_2=False)
    # Warm both paths (fonts, caches) before timing; then alternate so drift hits both alike.
    render_pdf(html, title=decision.title, reference="PCD 1838")
    weasyprint.HTML(string=html).write_pdf()
    sealed_times, bare_times = [], []
    pages = 0
    for _ in range(renders):
        started = time.perf_counter()
        pdf = render_pdf(
            render_decision_html(decision, include_part_2=False),
            title=decision.title,
            reference="PCD 1838",
            signature_fields=True,
        )
        sign_pdf(pdf, reason="benchmark")
        sealed_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        document = weasyprint.HTML(string=html).render()
        document.write_pdf()
        bare_times.append(time.perf_counter() - started)
        pages = len(document.pages)
    sealed, bare = statistics.median(sealed_times), statistics.median(bare_times)
    return {"pages": pages, "sealed_median_s": sealed, "bare_median_s": bare, "ratio": sealed / bare}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port: int, timeout: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


def _rate(port: int, path: str, seconds: float, threads: int = 4) -> float:
    """Requests per second for ``path`` over keep-alive connections, from ``threads`` client threads."""
    counts = [0] * threads
    stop = time.perf_counter() + seconds

    def client(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.perf_counter() < stop:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{path} answered {response.status}")
            counts[index] += 1
        connection.close()

    workers = [threading.Thread(target=client, args=(i,)) for i in range(threads)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(counts) / (time.perf_counter() - started)


def bench_downloads(seconds: float) -> dict:
    from decisions.models import Decision
    from records.models import DocumentVariant

    decision = Decision.objects.get(reference="PCD 1838")
    download = f"/decisions/{decision.pk}/pdf/{DocumentVariant.PART_1}/"
    port = _free_port()
    # Production settings, as it would be served (no SSL redirect: the benchmark speaks plain HTTP locally).
    production = {
        "DEBUG": "false",
        "SECRET_KEY": os.urandom(32).hex(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
    }
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"]
    command += ["-k", "gthread", "--threads", "4", "--log-level", "warning"]
    server = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **production})  # noqa: S603 - our own command
    try:
        _wait_for(port)
        _rate(port, download, 1.0)  # warm both workers on both paths
        _rate(port, "/healthz", 1.0)
        trivial = _rate(port, "/healthz", seconds)
        sealed = _rate(port, download, seconds)
    finally:
        server.terminate()
        server.wait(timeout=10)
    return {"trivial_rps": trivial, "download_rps": sealed, "ratio": sealed / trivial}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--renders", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=5.0)
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="pgd-bench-"))
    try:
        setup_environment(folder)
        render = bench_render(options.renders)
        downloads = bench_downloads(options.seconds)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"PCD 1838: {render['pages']} pages, {options.renders} renders")
    print(f"  sealed render median  {render['sealed_median_s'] * 1000:8.1f} ms (template, WeasyPrint, signature)")
    print(f"  bare WeasyPrint median {render['bare_median_s'] * 1000:7.1f} ms (same HTML)")
    print(f"  ratio sealed/bare      {render['ratio']:8.2f}   (floor: ≤ 1.30)")
    print(f"Downloads over HTTP ({options.seconds:g} s each, gunicorn 2 workers × 4 threads, 4 client threads)")
    print(f"  trivial view           {downloads['trivial_rps']:8.0f} requests/s")
    print(f"  sealed PDF download    {downloads['download_rps']:8.0f} requests/s")
    print(f"  ratio download/trivial {downloads['ratio']:8.2f}   (floor: ≥ 0.50)")
    ok = render["ratio"] <= 1.3 and downloads["ratio"] >= 0.5
    print("floors met" if ok else "FLOORS NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
