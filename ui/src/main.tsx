import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { Providers } from "./Providers";
import { StartGate } from "./features/start/StartGate";
import "./styles.css";

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <Providers>
        <StartGate>
          <App />
        </StartGate>
      </Providers>
    </StrictMode>,
  );
}
