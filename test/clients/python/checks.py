# The check harness of the Python driver programs under test/clients/: each check runs on its
# own and records {"ok": true, ...details} or {"ok": false, "error": ..., "sqlstate": ...}; the
# program prints every result as one JSON object on its last line of stdout (report()), which
# the vitest file parses (test/clients/drivers.ts).
import json
import traceback

RESULTS = {}


def check(name):
    """Runs the decorated function at once and records its outcome under `name`."""

    def run(fn):
        try:
            detail = fn()
            RESULTS[name] = {"ok": True, **(detail or {})}
        except Exception as e:  # noqa: BLE001 - every failure is reported, none stops the run
            cause = getattr(e, "orig", None) or e  # SQLAlchemy wraps the driver's error
            RESULTS[name] = {
                "ok": False,
                "error": f"{type(e).__module__}.{type(e).__name__}: {e}".strip()[:2000],
                "sqlstate": getattr(cause, "sqlstate", None),
                "where": traceback.format_exc(limit=3).strip().splitlines()[-3:],
            }
        return fn

    return run


def expect(actual, expected, what):
    if actual != expected or type(actual) is not type(expected):
        raise AssertionError(f"{what}: got {actual!r}, expected {expected!r}")


def report():
    print(json.dumps(RESULTS, default=str))
