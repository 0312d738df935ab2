-- wrk script: GET /api/v1/orders/{id} for random ids in [1, MAX_ID]. TOKEN and MAX_ID from env.
local token = os.getenv("TOKEN")
local max_id = tonumber(os.getenv("MAX_ID") or "1000")
wrk.headers["Authorization"] = "Bearer " .. token
math.randomseed(os.time())

function request()
  return wrk.format("GET", "/api/v1/orders/" .. math.random(1, max_id))
end
