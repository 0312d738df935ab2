-- wrk script: POST /api/v1/orders with a fixed, realistic body. TOKEN comes from the environment.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.body = [[{"channel":"phone","type":"complaint","urgency":"normal","category":"03.06","title":"崇业路王贺村2组主干道路灯不亮","content":"市民来电反映:崇业路王贺村2组主干道的路灯已经连续一周晚上不亮,夜间出行很不安全,希望有关部门尽快维修。","citizen":{"name":"张先生","phone":"13800000000"},"address":"渭南高新区崇业路王贺村2组主干道"}]]

-- Count non-2xx answers so that a run with errors is visible in the summary.
local errors = 0
function response(status, headers, body)
  if status ~= 201 and status ~= 200 then errors = errors + 1 end
end
