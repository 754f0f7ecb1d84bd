-- wrk script: POST /v1/recommendations with a Saxon software SME's profile.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[{"applicantType": "company", "location": {"state": "DE-SN", "district": "DED21"},
 "employees": 24, "annualTurnover": 3200000, "yearFounded": 2015, "sector": "62.01",
 "topics": ["digitalisierung", "forschung_innovation_themenoffen"],
 "projectDescription": "Wir wollen KI in der Qualitätsprüfung einsetzen und unsere Software digitalisieren.",
 "amountNeeded": 80000}]]

-- No `response` callback: wrk then hands every answer's headers and ~37 KB body to Lua, which
-- cost wrk 0.006-0.012 ms per request on the shared cores (RESULTS, session 10 s10-http) that
-- trivial.lua does not pay, and the count it kept was never printed. Answers of 400 and above
-- are counted by wrk itself (`summary.errors.status`, printed as non200 below).
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_s=%.2f rps=%.0f p50_ms=%.3f p99_ms=%.3f non200=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
