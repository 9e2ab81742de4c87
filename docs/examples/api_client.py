#!/usr/bin/env python3
"""Read a review round's results from Strategiapaja's API with a personal token.

Standard library only. Create a token on *Your account -> API tokens* (or
``workshop token create --user you@example.org --scope read``), then:

    export WORKSHOP_API_TOKEN=wsp_...
    python3 api_client.py --url https://strategiapaja.example.org --round 3
    python3 api_client.py --url http://127.0.0.1:5000 --round 3 --session 7 --json

It prints each focus area's results per question: how many answered, the mean and median,
the change from the previous round, and the stakeholder groups large enough to be shown alone
(smaller groups arrive merged as "other groups"; a result of fewer than the minimum number of
answers arrives withheld, with its count only). docs/api.md describes every endpoint.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request


class ApiError(Exception):
    """The API answered an error: its HTTP status and stable code (docs/api.md, "Errors")."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code


def get(base_url: str, token: str, path: str, **query) -> dict:
    """GET /api/v1/<path> with the token; the JSON answer, or ApiError."""
    url = base_url.rstrip("/") + "/api/v1" + path
    query = {key: value for key, value in query.items() if value is not None}
    if query:
        url += "?" + urllib.parse.urlencode(query)
    request = urllib.request.Request(
        url,
        headers={
            "Authorization": f"Bearer {token}",
            "Accept": "application/json",
            "Accept-Language": "en",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        try:
            body = json.load(error)
        except ValueError:
            body = {}
        raise ApiError(error.code, body.get("error", "?"), body.get("message", "")) from None


def round_results(base_url: str, token: str, round_id: int, session_id: int | None = None):
    """The round's results (all sessions, or one) as the API gives them."""
    return get(base_url, token, f"/rounds/{round_id}/results", session=session_id)


def _number(value) -> str:
    return "–" if value is None else f"{value:.2f}"


def summary_lines(results: dict) -> list[str]:
    """The results as lines of text, one block per focus area."""
    questions = {q["key"]: q["text"] for q in results["questions"]}
    areas = {a["key"]: a["title"] for a in results["focus_areas"]}
    groups = {g["key"]: g["name"] for g in results["groups"]}
    lines = [f"Minimum group size: {results['min_group_size']}"]
    current = None
    for item in results["items"]:
        if item["focus_area"] != current:
            current = item["focus_area"]
            lines.append("")
            lines.append(areas.get(current, current))
        text = questions.get(item["question"], item["question"])
        if item["withheld"]:
            lines.append(f"  {text}: {item['count']} answers (fewer than the minimum: withheld)")
            continue
        lines.append(
            f"  {text}: n={item['count']} mean={_number(item['mean'])} "
            f"median={_number(item['median'])} change={_number(item['change'])}"
        )
        for key, group in item["by_group"].items():
            lines.append(
                f"    {groups.get(key, key)}: n={group['count']} mean={_number(group['mean'])}"
            )
        if item["other_groups"]:
            other = item["other_groups"]
            lines.append(f"    Other groups: n={other['count']} mean={_number(other['mean'])}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="the app's address")
    parser.add_argument("--round", type=int, required=True, help="the round's id")
    parser.add_argument("--session", type=int, help="one session's id (default: all)")
    parser.add_argument("--json", action="store_true", help="print the API's JSON as it is")
    parser.add_argument("--token", help="the token (default: $WORKSHOP_API_TOKEN)")
    args = parser.parse_args(argv)
    token = args.token or os.environ.get("WORKSHOP_API_TOKEN")
    if not token:
        parser.error("give --token or set WORKSHOP_API_TOKEN")
    try:
        results = round_results(args.url, token, args.round, args.session)
    except ApiError as error:
        print(f"The API refused: {error}", file=sys.stderr)
        return 1
    if args.json:
        json.dump(results, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print("\n".join(summary_lines(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
