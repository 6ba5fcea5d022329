// Setup file (not a test): the router loads History, Settings, Audit and Links with import() (their own chunks in the build).
// Component tests navigate and then wait with flushPromises(): evaluated here once, before each
// file, those imports resolve from the module cache within that wait, however busy the machine.
await Promise.all([
  import('../../renderer/src/views/HistoryView.vue'),
  import('../../renderer/src/views/SettingsView.vue'),
  import('../../renderer/src/views/AuditView.vue'),
  import('../../renderer/src/views/LinksView.vue'),
  import('../../renderer/src/features/result/QrCode.vue'),
]);

export {};
