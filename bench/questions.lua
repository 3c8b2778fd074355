-- wrk script: each request asks /api/v1/value for a point drawn at random from the file
-- named by $QUESTIONS (one path per line), so that answers are rarely already kept.
local paths = {}
for line in io.lines(os.getenv("QUESTIONS")) do paths[#paths + 1] = line end
math.randomseed(7)
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
