import { createServer } from "node:net";

/**
 * A TCP port that is free right now on `host`: the OS picks it for a throw-away listener. Needed
 * because modbus-serial's ServerTCP treats port 0 as "use 502". Another process could take the port
 * before it is reused; for tests on 127.0.0.1 that window is harmless.
 */
export function findFreePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen({ host, port: 0 }, () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
