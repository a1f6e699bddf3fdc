-- The writer of scripts/loadtest.sh: POSTs the articles of the JSON-lines
-- file $LOADTEST_ARTICLES, one a request, with the bearer key
-- $LOADTEST_KEY, pausing $LOADTEST_DELAY_MS between requests of a
-- connection; done() prints one RESULT line of JSON (201: created, 200:
-- already there).
dofile("scripts/loadtest/report.lua") -- response() and result(); run from the repository root

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

function done(summary, latency, requests)
  result("writer", summary, latency, threads)
end
