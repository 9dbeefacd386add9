-- wrk script: GET /v1/checks/{uscc}?matter=procurement with a new random (well-formed, unknown)
-- API key on every request: a flood of invalid keys that no cache has seen.
-- Usage: wrk ... -s bad_keys.lua URL -- CODES_FILE
local codes = {}
local hex = "0123456789abcdef"
local b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

local function pick(alphabet, n)
  local out = {}
  for i = 1, n do
    local k = math.random(#alphabet)
    out[i] = alphabet:sub(k, k)
  end
  return table.concat(out)
end

function init(args)
  for line in io.lines(args[1] or "/tmp/ce_bench_codes.txt") do
    if #line > 0 then codes[#codes + 1] = line end
  end
  math.randomseed(os.time() + #codes)
end

function request()
  local key = "ce_" .. pick(hex, 16) .. "_" .. pick(b64, 43)
  local headers = { ["Authorization"] = "Bearer " .. key }
  return wrk.format("GET", "/v1/checks/" .. codes[math.random(#codes)] .. "?matter=procurement", headers)
end
