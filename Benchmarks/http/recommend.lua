-- wrk script: POST /v1/recommendations with a Saxon software SME's profile.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[{"applicantType": "company", "location": {"state": "DE-SN", "district": "DED21"},
 "employees": 24, "annualTurnover": 3200000, "yearFounded": 2015, "sector": "62.01",
 "topics": ["digitalisierung", "forschung_innovation_themenoffen"],
 "projectDescription": "Wir wollen KI in der Qualitätsprüfung einsetzen und unsere Software digitalisieren.",
 "amountNeeded": 80000}]]

-- Count non-2xx answers so a broken run cannot pass as fast.
local errors = 0
response = function(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_s=%.2f rps=%.0f p50_ms=%.3f p99_ms=%.3f non200=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
