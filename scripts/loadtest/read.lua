-- Readers of scripts/loadtest.sh: each connection walks the request paths
-- of the file named by $LOADTEST_PATHS (one path a line), every thread
-- from a different offset, and done() prints one RESULT line of JSON.
dofile("scripts/loadtest/report.lua") -- response() and result(); run from the repository root

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

local paths = {}
local i = 0

function init(args)
  local file = os.getenv("LOADTEST_PATHS")
  for line in io.lines(file) do
    if line ~= "" then
      table.insert(paths, line)
    end
  end
  if #paths == 0 then
    error("no request paths in " .. tostring(file))
  end
  i = (id * 7919) % #paths
  statuses = {}
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

function done(summary, latency, requests)
  result(os.getenv("LOADTEST_NAME") or "readers", summary, latency, threads)
end
