-- wrk script: GET {prefix}{uscc}{suffix} with a random existing code per request and an API key.
-- Copied from ../shared/bench-reference/checks.lua; adds the Authorization header and a query.
-- Usage: wrk ... -s checks_auth.lua URL -- CODES_FILE KEY [PATH_PREFIX] [SUFFIX]
local codes = {}
local prefix = "/v1/checks/"
local suffix = "?matter=procurement"
local headers = {}

function init(args)
  local path = args[1] or "/tmp/ce_bench_codes.txt"
  headers["Authorization"] = "Bearer " .. (args[2] or "")
  prefix = args[3] or prefix
  suffix = args[4] or suffix
  for line in io.lines(path) do
    if #line > 0 then codes[#codes + 1] = line end
  end
  math.randomseed(os.time() + #codes)
end

function request()
  return wrk.format("GET", prefix .. codes[math.random(#codes)] .. suffix, headers)
end
