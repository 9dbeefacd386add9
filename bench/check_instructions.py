"""Sequential single checks over one keep-alive connection (the client of
bench/check_instructions.sh): GET /v1/checks/{code}?matter=procurement, N times, codes drawn with a
fixed seed; prints how many answers were not 200."""

from __future__ import annotations

import argparse
import http.client
import random


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--codes-file", required=True)
    parser.add_argument("--key", default="")
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    with open(args.codes_file) as f:
        codes = [line.strip() for line in f if line.strip()]
    rnd = random.Random(7)
    conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=300)
    headers = {"Authorization": f"Bearer {args.key}"}
    bad = 0
    for _ in range(args.requests):
        conn.request("GET", f"/v1/checks/{rnd.choice(codes)}?matter=procurement", headers=headers)
        response = conn.getresponse()
        response.read()
        bad += response.status != 200
    print(f"not_200={bad}")


if __name__ == "__main__":
    main()
