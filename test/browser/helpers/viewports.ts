/** The sizes layout is checked at: a phone and a laptop (house style). */
export const VIEWPORTS = [
  { name: "phone", width: 390, height: 844 },
  { name: "laptop", width: 1280, height: 800 },
] as const;
