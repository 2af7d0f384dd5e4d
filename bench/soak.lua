-- soak.lua — the request mix of bench/soak for wrk: mostly reading
-- (a citizen's page, the list, a search), some writing (registering a
-- citizen), as one logged-in staff member.  SPOR_SESSION, SPOR_CSRF,
-- SPOR_UNIT and SPOR_CITIZENS (comma-separated ids) come from the script.
local session = os.getenv("SPOR_SESSION")
local csrf = os.getenv("SPOR_CSRF")
local unit = os.getenv("SPOR_UNIT")
local citizens = {}
for id in string.gmatch(os.getenv("SPOR_CITIZENS") or "", "%d+") do
  citizens[#citizens + 1] = id
end
local counter = 0

request = function()
  counter = counter + 1
  local headers = { ["Cookie"] = "spor_session=" .. session }
  local r = counter % 20
  if r == 0 then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    local body = "csrf_token=" .. csrf .. "&unit_id=" .. unit ..
                 "&first_name=Soak&last_name=Belastning" .. counter
    return wrk.format("POST", "/citizens", headers, body)
  elseif r == 1 then
    return wrk.format("GET", "/citizens?q=an", headers)
  elseif r == 2 then
    return wrk.format("GET", "/citizens", headers)
  end
  local id = citizens[(counter % #citizens) + 1]
  return wrk.format("GET", "/citizens/" .. id, headers)
end
