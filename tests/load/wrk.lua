-- The API load benchmark's wrk script (run by `cargo xtask bench api`).
--
-- Environment:
--   LOAD_METHOD  the request method (GET when unset)
--   LOAD_BODY    a file whose bytes are sent as a JSON body (none when unset)
--   LOAD_ACCEPT  the Accept header (application/json when unset)
-- Authorization, when needed, comes with `-H` on wrk's command line.
--
-- When the run ends it prints one line, `LOAD {json}`, that xtask reads: requests,
-- duration, every kind of error wrk counts, and latency percentiles in microseconds.

wrk.method = os.getenv("LOAD_METHOD") or "GET"
wrk.headers["Accept"] = os.getenv("LOAD_ACCEPT") or "application/json"

local body_file = os.getenv("LOAD_BODY")
if body_file ~= nil and body_file ~= "" then
  local file = assert(io.open(body_file, "rb"))
  wrk.body = file:read("*a")
  file:close()
  wrk.headers["Content-Type"] = "application/json"
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'LOAD {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"connect_errors":%d,"read_errors":%d,"write_errors":%d,"status_errors":%d,"timeouts":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, summary.bytes,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end
