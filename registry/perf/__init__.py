"""What `manage.py benchmark` needs beyond timing pages in-process: the machine it runs
on (machine.py), a throughput run against gunicorn with wrk (throughput.py), and the
suite behind `make bench`: databases seeded at several sizes, the Markdown report and
the results section of docs/performance.md (suite.py)."""
