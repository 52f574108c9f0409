// A TCP proxy in front of a server that a test can switch off: while down, every connection is
// reset as soon as it opens (what a host that went away looks like to an HTTP client) and counted,
// so a test knows our processes actually tried and failed. Connections open at the switch are cut.
import net from 'node:net';

export class SwitchableProxy {
  private down = false;
  /** Connections refused while down. */
  refused = 0;
  private readonly open = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    readonly url: string,
  ) {}

  static async start(target: string): Promise<SwitchableProxy> {
    const upstream = new URL(target);
    const holder: { proxy?: SwitchableProxy } = {};
    const server = net.createServer((client) => {
      const proxy = holder.proxy!;
      if (proxy.down) {
        proxy.refused++;
        client.resetAndDestroy();
        return;
      }
      const far = net.connect(Number(upstream.port), upstream.hostname);
      proxy.open.add(client);
      client.once('close', () => proxy.open.delete(client));
      client.pipe(far).pipe(client);
      client.on('error', () => far.destroy());
      far.on('error', () => client.destroy());
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as net.AddressInfo;
    holder.proxy = new SwitchableProxy(server, `http://127.0.0.1:${port}`);
    return holder.proxy;
  }

  /** Down: cuts the open connections, resets every new one until `up()`. */
  switchOff(): void {
    this.down = true;
    for (const socket of this.open) socket.resetAndDestroy();
  }

  switchOn(): void {
    this.down = false;
  }

  close(): Promise<void> {
    this.switchOff();
    return new Promise((done) => this.server.close(() => done()));
  }
}
