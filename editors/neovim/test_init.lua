-- Init file for the headless Neovim test (tests/editors/test_neovim.py); not for everyday use.
--
--   nvim --headless --clean -u editors/neovim/test_init.lua path/to/some.flow.json
--
-- Loads flowlint.lua from this folder exactly as a user would, waits until diagnostics appear
-- for the opened buffer, writes them as JSON and quits. Parameters come from the environment:
--   FLOWLINT_TEST_CMD         JSON array, the server command (default: flowlint lsp)
--   FLOWLINT_TEST_OUTPUT      where to write the JSON result (required)
--   FLOWLINT_TEST_TIMEOUT_MS  how long to wait for diagnostics (default 20000)
--   FLOWLINT_TEST_WAIT_CODE   comma-separated; wait for a diagnostic whose code or message has
--                             one of these, not just any diagnostic
--   FLOWLINT_TEST_REQUESTS    JSON array of {method, line, character}: requests sent at those
--                             positions once diagnostics arrived; their results are written
--                             under `responses`, in order

local output_path = assert(os.getenv('FLOWLINT_TEST_OUTPUT'), 'FLOWLINT_TEST_OUTPUT is not set')
local timeout_ms = tonumber(os.getenv('FLOWLINT_TEST_TIMEOUT_MS') or '') or 20000
local wanted = nil -- nil: any diagnostic will do
if os.getenv('FLOWLINT_TEST_WAIT_CODE') then
  wanted = vim.split(os.getenv('FLOWLINT_TEST_WAIT_CODE'), ',', { trimempty = true })
end
if os.getenv('FLOWLINT_TEST_CMD') then
  vim.g.flowlint_cmd = vim.json.decode(os.getenv('FLOWLINT_TEST_CMD'))
end

vim.lsp.set_log_level('debug')
local here = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')
dofile(here .. '/flowlint.lua')

local function client_names(bufnr)
  local clients
  if vim.lsp.get_clients ~= nil then -- 0.10+
    clients = vim.lsp.get_clients({ bufnr = bufnr })
  else
    clients = vim.lsp.buf_get_clients(bufnr)
  end
  local names = {}
  for _, client in pairs(clients) do
    table.insert(names, client.name)
  end
  return names
end

local function has_wanted_diagnostic(bufnr)
  for _, diagnostic in ipairs(vim.diagnostic.get(bufnr)) do
    if wanted == nil then
      return true
    end
    local text = tostring(diagnostic.code) .. ' ' .. diagnostic.message
    for _, needle in ipairs(wanted) do
      if text:find(needle, 1, true) then
        return true
      end
    end
  end
  return false
end

local function collect(bufnr, waited)
  local diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(diagnostics, {
      lnum = d.lnum,
      end_lnum = d.end_lnum,
      col = d.col,
      end_col = d.end_col,
      severity = d.severity,
      message = d.message,
      source = d.source,
      code = d.code ~= nil and tostring(d.code) or vim.NIL,
    })
  end
  return {
    nvim_version = tostring(vim.version().major) .. '.' .. vim.version().minor .. '.' .. vim.version().patch,
    buffer = vim.api.nvim_buf_get_name(bufnr),
    filetype = vim.bo[bufnr].filetype,
    clients = client_names(bufnr),
    timed_out = not waited,
    log_file = vim.lsp.get_log_path(),
    diagnostics = diagnostics,
  }
end

local function send_requests(bufnr)
  local requests = os.getenv('FLOWLINT_TEST_REQUESTS')
  if requests == nil then
    return vim.NIL
  end
  local responses = {}
  for _, request in ipairs(vim.json.decode(requests)) do
    local params = {
      textDocument = { uri = vim.uri_from_bufnr(bufnr) },
      position = { line = request.line, character = request.character },
    }
    local answers = vim.lsp.buf_request_sync(bufnr, request.method, params, timeout_ms)
    local found = vim.NIL
    for _, answer in pairs(answers or {}) do
      found = answer.result or { error = answer.err or answer.error }
    end
    table.insert(responses, found)
  end
  return responses
end

local function write_result(result)
  local file = assert(io.open(output_path, 'w'))
  file:write(vim.json.encode(result))
  file:close()
end

vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  callback = function()
    local ok, err = pcall(function()
      local bufnr = vim.api.nvim_get_current_buf()
      local waited = vim.wait(timeout_ms, function()
        return has_wanted_diagnostic(bufnr)
      end, 50)
      local result = collect(bufnr, waited)
      result.responses = send_requests(bufnr)
      write_result(result)
    end)
    if not ok then
      write_result({ error = tostring(err) })
    end
    vim.cmd('qall!')
  end,
})
