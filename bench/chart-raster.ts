import { PNG } from 'pngjs';
import { GLYPH, glyph } from 'bench/chart-font';

/** An opaque colour as [red, green, blue], 0-255 each. */
export type Rgb = readonly [number, number, number];

/** An RGB pixel buffer with the few drawing operations the benchmark chart needs, encoded with pngjs. */
export class Raster {
  private readonly png: PNG;

  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb,
  ) {
    this.png = new PNG({ width, height, colorType: 2 });
    this.fillRect(0, 0, width, height, background);
  }

  /** Sets one pixel; coordinates outside the image are ignored. */
  pixel(x: number, y: number, c: Rgb): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) {
      return;
    }
    const i = (this.width * y + x) << 2;
    const d = this.png.data;
    d[i] = c[0];
    d[i + 1] = c[1];
    d[i + 2] = c[2];
    d[i + 3] = 255;
  }

  /** Fills the rectangle with its top-left corner at (x, y); fractional edges are rounded. */
  fillRect(x: number, y: number, w: number, h: number, c: Rgb): void {
    const x0 = Math.max(0, Math.round(x));
    const y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(this.width, Math.round(x + w));
    const y1 = Math.min(this.height, Math.round(y + h));
    for (let yy = y0; yy < y1; yy++) {
      for (let xx = x0; xx < x1; xx++) {
        this.pixel(xx, yy, c);
      }
    }
  }

  /** A 1-pixel rectangle outline. */
  strokeRect(x: number, y: number, w: number, h: number, c: Rgb): void {
    this.fillRect(x, y, w, 1, c);
    this.fillRect(x, y + h - 1, w, 1, c);
    this.fillRect(x, y, 1, h, c);
    this.fillRect(x + w - 1, y, 1, h, c);
  }

  /** A vertical line `thickness` pixels wide; `dash` > 0 draws it dashed with that period. */
  vline(x: number, y0: number, y1: number, c: Rgb, thickness = 1, dash = 0): void {
    for (let y = Math.round(y0); y < Math.round(y1); y++) {
      if (dash > 0 && Math.floor((y - y0) / dash) % 2 === 1) {
        continue;
      }
      this.fillRect(x - Math.floor(thickness / 2), y, thickness, 1, c);
    }
  }

  /** Pixel width of `text` drawn at `scale`. */
  static textWidth(text: string, scale: number): number {
    return [...text].length * GLYPH.advance * scale - scale;
  }

  /** Draws `text` with its top-left at (x, y); each font pixel is a `scale`×`scale` square. */
  text(x: number, y: number, text: string, c: Rgb, scale = 2): void {
    let cx = Math.round(x);
    for (const ch of text) {
      const rows = glyph(ch);
      for (let gy = 0; gy < rows.length; gy++) {
        for (let gx = 0; gx < rows[gy].length; gx++) {
          if (rows[gy][gx]) {
            this.fillRect(cx + gx * scale, Math.round(y) + gy * scale, scale, scale, c);
          }
        }
      }
      cx += GLYPH.advance * scale;
    }
  }

  /** The image as PNG bytes. */
  toPng(): Buffer {
    return PNG.sync.write(this.png, { colorType: 2 });
  }
}

/** Height in pixels of a line of text at `scale`, descenders included. */
export function lineHeight(scale: number): number {
  return GLYPH.height * scale;
}
