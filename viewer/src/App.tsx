import { useEffect, useState } from "react";
import { connection } from "./net/connection";
import type { FrameRing } from "./net/frame-ring";
import { useUi } from "./net/store";
import { Scene } from "./scene/Scene";
import { Inspector } from "./ui/Inspector";
import { AlarmBanner, Legend, Notice, Splash, ViewToolbar } from "./ui/Overlays";
import { Side } from "./ui/Side";
import { TopBar } from "./ui/TopBar";

export function App() {
  const layout = useUi((s) => s.layout);
  const error = useUi((s) => s.error);
  const restarting = useUi((s) => s.restarting);
  const conn = connection();
  const [ring, setRing] = useState<FrameRing | null>(conn.ring);
  useEffect(() => conn.onRing(setRing), [conn]);
  const ready = layout !== null && ring !== null && error === null && restarting === null;
  return (
    <div className="app" data-testid="app" data-run={layout?.runId ?? ""}>
      <TopBar />
      <main>
        <section className="viewport">
          {ready ? <Scene key={layout.runId} layout={layout} ring={ring} conn={conn} /> : <Splash />}
          {ready && (
            <>
              <ViewToolbar />
              <Legend />
              <Inspector />
            </>
          )}
          <AlarmBanner />
          <Notice />
        </section>
        <Side />
      </main>
    </div>
  );
}
