import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn } from '../columns';

/**
 * A customer's answer to "How did we do?" (see
 * docs/insights.md#satisfaction-surveys-rule-kind-satisfaction_survey); one per survey touch.
 */
@Entity('survey_responses')
export class SurveyResponse {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('uq_survey_responses_touch', { unique: true })
  @Column({ type: 'integer' })
  touchId: number;

  @Column({ type: 'integer' })
  customerId: number;

  @Column({ type: 'integer' })
  rating: number;

  @Column({ type: 'text', default: '' })
  comment: string;

  @InstantColumn()
  createdAt: Date;
}
