/** Side-effect CSS imports: Vite bundles them into .css files (no inline styles, CSP-safe). */
declare module '*.css';
