// /registry/people/new — the registration form: the person's fields checked as they are typed, the
// birth date and sex read off the ID number, and where the person lives (grid, location or the
// address). The server checks everything again; its problems go back under the fields. On success
// the person's page opens.
import { ArrowLeftOutlined } from '@ant-design/icons'
import { Alert, App, Button, Form, Space } from 'antd'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import { useCreatePerson } from '../api/person-changes'
import { registryPaths } from '../lib/paths'
import { createBody, PERSON_FIELDS, type RegisterValues } from '../lib/person-form'
import { duplicateOf, formErrors } from '../lib/server-errors'
import { PersonFieldItems } from './person-fields'
import { PlacementFields } from './placement-fields'

const KNOWN_FIELDS = [...PERSON_FIELDS, 'gridCode', 'location']

export function RegisterPerson() {
  const { t, tryT } = useI18n()
  const { message } = App.useApp()
  const navigate = useNavigate()
  const [form] = Form.useForm<RegisterValues>()
  const create = useCreatePerson()
  const [restShown, setRestShown] = useState(true)

  const submit = (values: RegisterValues) => {
    create.mutate(createBody(values), {
      onSuccess: (person) => {
        void message.success(t('registry.new.done', { name: person.name }))
        navigate(registryPaths.person(person.id))
      },
      onError: (e) => {
        const { fields, rest } = formErrors(e, KNOWN_FIELDS, tryT)
        // A place problem named on the address (no grid found) belongs under the address.
        if (fields.length > 0) form.setFields(fields.map((f) => ({ name: f.name as never, errors: f.errors })))
        setRestShown(rest > 0 || fields.length === 0)
      },
    })
  }
  const duplicate = duplicateOf(create.error)

  return (
    <div className="admin-page registry-page" data-testid="register-person">
      <div className="admin-head">
        <h1 className="admin-title">{t('registry.new.title')}</h1>
        <Link to={registryPaths.people}>
          <Button icon={<ArrowLeftOutlined />}>{t('registry.person.back')}</Button>
        </Link>
      </div>
      <p className="muted">{t('registry.new.intro')}</p>
      <Form<RegisterValues>
        form={form}
        layout="vertical"
        initialValues={{ placement: 'grid' }}
        onFinish={submit}
        scrollToFirstError
        data-testid="register-form"
        style={{ maxWidth: 880 }}
      >
        <PersonFieldItems form={form} mode="create" residenceExtra={<PlacementFields form={form} />} />
        {typeof duplicate === 'number' && (
          <Alert
            type="warning"
            showIcon
            className="form-error"
            title={t('registry.problem.duplicate_id_number')}
            action={<Link to={registryPaths.person(duplicate)} data-testid="duplicate-open">{t('registry.new.duplicateOpen')}</Link>}
            data-testid="register-duplicate"
          />
        )}
        {create.isError && restShown && <ApiErrorAlert error={create.error} />}
        <Space className="form-actions">
          <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="register-submit">
            {t('registry.new.submit')}
          </Button>
          <Link to={registryPaths.people}>
            <Button>{t('common.cancel')}</Button>
          </Link>
        </Space>
      </Form>
    </div>
  )
}
