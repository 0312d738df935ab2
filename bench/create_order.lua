-- wrk script: POST /api/v1/orders with a realistic appeal. TOKEN comes from the environment.
-- Each request has its own caller phone and house number, as real traffic does (a fixed body
-- would make every order a 重复件 of all the others and measure only repeat detection).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")

local counter = 0
local thread_tag = 0
function setup(thread)
  thread_tag = thread_tag + 1
  thread:set("tag", thread_tag)
end

function request()
  counter = counter + 1
  local n = (tag or 0) * 100000000 + counter
  local body = string.format([[{"channel":"phone","type":"complaint","urgency":"normal","category":"03.06","title":"崇业路王贺村2组主干道路灯不亮","content":"市民来电反映:崇业路王贺村2组主干道的路灯已经连续一周晚上不亮,夜间出行很不安全,希望有关部门尽快维修。","citizen":{"name":"张先生","phone":"139%08d"},"address":"渭南高新区崇业路%d号"}]], n % 100000000, n)
  return wrk.format(nil, nil, nil, body)
end

-- Count non-2xx answers so that a run with errors is visible in the summary.
local errors = 0
function response(status, headers, body)
  if status ~= 201 and status ~= 200 then errors = errors + 1 end
end
