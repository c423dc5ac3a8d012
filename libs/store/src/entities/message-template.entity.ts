import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn } from '../columns';

/** Message templates, one per (key, channel, locale); owner-edited, validated when saved. */
@Entity('templates')
@Index('uq_templates_key_channel_locale', ['key', 'channel', 'locale'], { unique: true })
export class MessageTemplate {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 100 })
  key: string;

  @Column({ type: 'varchar', length: 10 })
  channel: string;

  @Column({ type: 'varchar', length: 10 })
  locale: string;

  @Column({ type: 'text', default: '' })
  subject: string;

  @Column({ type: 'text', default: '' })
  html: string;

  @Column({ type: 'text', default: '' })
  text: string;

  @InstantColumn()
  updatedAt: Date;
}
