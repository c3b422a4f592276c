import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a real PostgreSQL that a test can freeze: while frozen it accepts
 * connections but answers nothing and forwards nothing, exactly what a client sees of a server
 * stopped with SIGSTOP (the kernel still completes the handshake, no byte ever comes back).
 * Bytes are held, not dropped, and delivered on thaw, as a SIGCONT'd server would read them.
 */
export class FreezableProxy {
  private server: Server | null = null;
  private frozen = false;
  private readonly links = new Set<Link>();

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<number> {
    this.server = createServer((client) => this.links.add(new Link(client, this.targetHost, this.targetPort, this.frozen, this.links)));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  freeze(): void {
    this.frozen = true;
    for (const link of this.links) link.freeze();
  }

  thaw(): void {
    this.frozen = false;
    for (const link of [...this.links]) link.thaw();
  }

  async stop(): Promise<void> {
    for (const link of [...this.links]) link.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

class Link {
  private upstream: Socket | null = null;
  private readonly toServer: Buffer[] = [];
  private readonly toClient: Buffer[] = [];
  private clientEnded = false;

  constructor(
    private readonly client: Socket,
    private readonly host: string,
    private readonly port: number,
    private frozen: boolean,
    private readonly links: Set<Link>,
  ) {
    client.on('data', (chunk) => (this.frozen || !this.upstream ? this.toServer.push(chunk) : this.upstream.write(chunk)));
    client.on('error', () => this.destroy());
    client.on('close', () => {
      this.clientEnded = true;
      if (!this.frozen) this.destroy();
    });
    if (!frozen) this.open();
  }

  freeze(): void {
    this.frozen = true;
  }

  thaw(): void {
    this.frozen = false;
    if (!this.upstream) this.open();
    else this.flush();
  }

  destroy(): void {
    this.links.delete(this);
    this.client.destroy();
    // after the held bytes went out, as a server woken up would first read them and then the end
    if (this.upstream) this.upstream.end();
  }

  private open(): void {
    this.upstream = connect(this.port, this.host, () => this.flush());
    this.upstream.on('data', (chunk) => (this.frozen ? this.toClient.push(chunk) : this.client.write(chunk)));
    this.upstream.on('error', () => this.destroy());
    this.upstream.on('close', () => this.client.destroy());
  }

  private flush(): void {
    if (!this.upstream) return;
    for (const chunk of this.toServer.splice(0)) this.upstream.write(chunk);
    if (this.clientEnded) {
      this.destroy();
      return;
    }
    for (const chunk of this.toClient.splice(0)) this.client.write(chunk);
  }
}
