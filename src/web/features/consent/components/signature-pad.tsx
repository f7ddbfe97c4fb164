// A signature drawn on the clinic's screen with a finger, a pen or the mouse (pointer events cover all three). Only
// whether the patient drew is reported: the consent records the signed name, method and time, not the image.
import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';

export function SignaturePad({
  drawn,
  onDrawnChange,
}: {
  readonly drawn: boolean;
  readonly onDrawnChange: (drawn: boolean) => void;
}) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);

  const point = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const scaleX = event.currentTarget.width / box.width;
    const scaleY = event.currentTarget.height / box.height;
    return { x: (event.clientX - box.left) * scaleX, y: (event.clientY - box.top) * scaleY };
  };

  const clear = () => {
    const element = canvas.current;
    element?.getContext('2d')?.clearRect(0, 0, element.width, element.height);
    onDrawnChange(false);
  };

  return (
    <Stack gap={4}>
      <Text size="sm" fw={500} id="signature-pad-label">
        {t('consent.pad.label')}
      </Text>
      <Paper withBorder radius="sm" style={{ overflow: 'hidden', maxWidth: 600 }}>
        <canvas
          ref={canvas}
          width={600}
          height={180}
          role="img"
          aria-labelledby="signature-pad-label"
          aria-describedby="signature-pad-status"
          data-testid="signature-pad"
          style={{ width: '100%', height: 180, touchAction: 'none', display: 'block', cursor: 'crosshair' }}
          onPointerDown={(event) => {
            event.currentTarget.setPointerCapture(event.pointerId);
            last.current = point(event);
          }}
          onPointerMove={(event) => {
            const from = last.current;
            const context = event.currentTarget.getContext('2d');
            if (!from || !context) return;
            const to = point(event);
            context.strokeStyle = '#1a1b1e';
            context.lineWidth = 2.5;
            context.lineCap = 'round';
            context.beginPath();
            context.moveTo(from.x, from.y);
            context.lineTo(to.x, to.y);
            context.stroke();
            last.current = to;
            if (!drawn) onDrawnChange(true);
          }}
          onPointerUp={() => {
            last.current = null;
          }}
          onPointerCancel={() => {
            last.current = null;
          }}
        />
      </Paper>
      <Group justify="space-between">
        <Text size="xs" c="gray.7" id="signature-pad-status" aria-live="polite">
          {drawn ? t('consent.pad.drawn') : t('consent.pad.empty')}
        </Text>
        <Button variant="subtle" size="xs" color="gray.8" onClick={clear} disabled={!drawn}>
          {t('consent.pad.clear')}
        </Button>
      </Group>
    </Stack>
  );
}
