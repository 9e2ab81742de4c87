"""LibreOffice headless for the document and workbook tests: one conversion, ended whole on a
timeout."""

import os
import signal
import subprocess

CONVERT_TIMEOUT = 240


def run_conversion(executable, profile, source, directory, filter_name: str) -> tuple[str, str]:
    """Convert ``source`` with ``filter_name`` into ``directory`` (a profile of its own, so
    concurrent runs do not share one); the output and errors, after asserting success."""
    command = [
        executable,
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--convert-to",
        filter_name,
        "--outdir",
        str(directory),
        str(source),
    ]
    # A session of its own: on a timeout the whole group (soffice.bin too) is ended.
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        output, errors = process.communicate(timeout=CONVERT_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise
    assert process.returncode == 0, errors
    return output, errors
