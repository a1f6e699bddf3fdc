-- Shared by read.lua and write.lua: counts answers by status in each
-- thread and prints one RESULT line of JSON that scripts/loadtest.sh reads.
-- The including script passes the wrk threads it collected in setup().

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

local function merged(threads)
  local all = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    if s then
      for code, n in pairs(s) do
        all[code] = (all[code] or 0) + n
      end
    end
  end
  return all
end

function result(name, summary, latency, threads)
  local e = summary.errors
  local parts = {}
  for code, n in pairs(merged(threads)) do
    table.insert(parts, string.format('"%d":%d', code, n))
  end
  io.write(string.format(
    'RESULT {"name":"%s","requests":%d,"seconds":%.3f,"rps":%.1f,' ..
    '"p50_ms":%.2f,"p90_ms":%.2f,"p99_ms":%.2f,"max_ms":%.2f,' ..
    '"non2xx":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":{%s}}\n',
    name, summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000,
    e.status, e.connect, e.read, e.write, e.timeout, table.concat(parts, ",")))
end
