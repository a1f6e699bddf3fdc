-- The writer of scripts/loadtest.sh: POSTs the articles of the JSON-lines
-- file $LOADTEST_ARTICLES, one a request, with the bearer key
-- $LOADTEST_KEY, pausing $LOADTEST_DELAY_MS between requests of a
-- connection; done() prints one RESULT line of JSON (201: created, 200:
-- already there).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

local articles = {}
local i = 0
local pause = 0

function init(args)
  local file = os.getenv("LOADTEST_ARTICLES")
  for line in io.lines(file) do
    if line ~= "" then
      table.insert(articles, line)
    end
  end
  if #articles == 0 then
    error("no articles in " .. tostring(file))
  end
  pause = tonumber(os.getenv("LOADTEST_DELAY_MS") or "0")
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("LOADTEST_KEY")
  statuses = {}
end

function request()
  i = i % #articles + 1
  return wrk.format(nil, "/v1/articles", nil, articles[i])
end

function delay()
  return pause
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

local function merged()
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

function done(summary, latency, requests)
  local e = summary.errors
  local parts = {}
  for code, n in pairs(merged()) do
    table.insert(parts, string.format('"%d":%d', code, n))
  end
  io.write(string.format(
    'RESULT {"name":"writer","requests":%d,"seconds":%.3f,"rps":%.1f,' ..
    '"p50_ms":%.2f,"p90_ms":%.2f,"p99_ms":%.2f,"max_ms":%.2f,' ..
    '"non2xx":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":{%s}}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000,
    e.status, e.connect, e.read, e.write, e.timeout, table.concat(parts, ",")))
end
