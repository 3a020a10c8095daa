// Vitest browser project: stories composed with the same annotations Storybook uses (styles, MSW loader).
import { setProjectAnnotations } from '@storybook/react-vite'
import preview from './preview'

setProjectAnnotations([preview])
