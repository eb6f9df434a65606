-- flowlint language server for Twilio Studio Flow JSON files and `flowlint test` files
-- (*.flowtest.yaml), for Neovim 0.7 and newer.
--
-- Use it either way:
--   * paste this file into your init.lua, or
--   * keep it somewhere and add `dofile('/path/to/flowlint.lua')` to your init.lua.
--
-- The command defaults to `flowlint lsp`. To start it differently, set this before loading:
--   vim.g.flowlint_cmd = { '/path/to/.venv/bin/python', '-m', 'flowlint', 'lsp' }
--
-- On Neovim 0.11+ it registers a native config (vim.lsp.config + vim.lsp.enable), so
-- `:checkhealth vim.lsp` and `:lsp` commands know it. Older versions start the server from a
-- FileType autocommand: vim.lsp.start on 0.8-0.10, vim.lsp.start_client on 0.7.
--
-- flowlint attaches to *.flowtest.yaml buffers as an additional client: a YAML server you run
-- (yaml-language-server, e.g. through nvim-lspconfig's yamlls) keeps running there too.

local cmd = vim.g.flowlint_cmd or { 'flowlint', 'lsp' }

-- Same defaults as the VS Code extension's flowlint.fileGlobs. The server also ignores JSON that
-- is not a Studio flow, so attaching to every JSON buffer would be harmless, just wasteful.
local function is_flow_file(name)
  name = name:gsub('\\', '/')
  if name:match('%.flow%.json$') then
    return true
  end
  return name:match('%.json$') ~= nil and (name:match('/flows/') ~= nil or name:match('/studio/') ~= nil)
end

-- `flowlint test` files, found by name as `flowlint test` finds them. Neovim gives them the
-- `yaml` filetype; other YAML buffers never start flowlint.
local function is_test_file(name)
  return name:lower():match('%.flowtest%.yaml$') ~= nil
end

local function wants_flowlint(name)
  return is_flow_file(name) or is_test_file(name)
end

-- The folder holding .git above the file, else the file's own folder.
local function project_root(name)
  local dir = vim.fn.fnamemodify(name, ':p:h')
  local git_dir = vim.fn.finddir('.git', dir .. ';')
  if git_dir ~= '' then
    return vim.fn.fnamemodify(git_dir, ':p:h:h')
  end
  local git_file = vim.fn.findfile('.git', dir .. ';') -- worktrees and submodules have a .git file
  if git_file ~= '' then
    return vim.fn.fnamemodify(git_file, ':p:h')
  end
  return dir
end

if vim.lsp.config ~= nil and vim.lsp.enable ~= nil then
  -- Neovim 0.11+
  vim.lsp.config('flowlint', {
    cmd = cmd,
    filetypes = { 'json', 'yaml' },
    -- The server is started only for buffers where on_dir is called.
    root_dir = function(bufnr, on_dir)
      local name = vim.api.nvim_buf_get_name(bufnr)
      if wants_flowlint(name) then
        on_dir(project_root(name))
      end
    end,
  })
  vim.lsp.enable('flowlint')
  return
end

-- Neovim 0.7-0.10
local client_ids = {} -- root folder -> client id, so each project shares one server (0.7 path)

vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'json', 'yaml' },
  group = vim.api.nvim_create_augroup('flowlint', { clear = true }),
  callback = function(args)
    local name = vim.api.nvim_buf_get_name(args.buf)
    if not wants_flowlint(name) then
      return
    end
    local root = project_root(name)
    if vim.lsp.start ~= nil then
      -- 0.8+: reuses a running client with the same name and root_dir.
      vim.lsp.start({ name = 'flowlint', cmd = cmd, root_dir = root }, { bufnr = args.buf })
      return
    end
    local id = client_ids[root]
    if id == nil or vim.lsp.get_client_by_id(id) == nil then
      id = vim.lsp.start_client({ name = 'flowlint', cmd = cmd, root_dir = root })
      client_ids[root] = id
    end
    if id ~= nil then
      vim.lsp.buf_attach_client(args.buf, id)
    end
  end,
})
