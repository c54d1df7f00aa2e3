/** The `api` attribute of every story's widget: an origin only msw answers, never the network. */
export const MOCK_API = "https://tickets.example.test/admit";
