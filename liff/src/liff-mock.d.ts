import "@line/liff";

declare module "@line/liff" {
  interface Liff {
    $mock: {
      set: (
        data:
          | Record<string, unknown>
          | ((prev: Record<string, unknown>) => Record<string, unknown>),
      ) => void;
      clear: () => void;
    };
  }
}
